from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings


class ArticleIngestForm(forms.Form):
    """Paste the text or upload a .txt/.html file. The ingest service does the real validation."""

    title = forms.CharField(max_length=500)
    outlet = forms.CharField(max_length=200, required=False)
    url = forms.URLField(label="URL", max_length=1000, required=False, assume_scheme="https")
    published_on = forms.DateField(
        label="Published", required=False, widget=forms.DateInput(attrs={"type": "date"}), help_text="YYYY-MM-DD"
    )
    text = forms.CharField(label="Text", required=False, widget=forms.Textarea(attrs={"rows": 14}), strip=False)
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text="A .txt or .html file, UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,text/plain,text/html"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        has_text = bool((data.get("text") or "").strip())
        upload = data.get("file")
        if has_text and upload:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        if not has_text and not upload:
            raise forms.ValidationError("Paste the article's text or upload a file.")
        if upload is not None and upload.size > settings.ARTICLE_MAX_BYTES:
            self.add_error("file", f"The file is larger than the limit of {settings.ARTICLE_MAX_BYTES:,} bytes.")
        return data
