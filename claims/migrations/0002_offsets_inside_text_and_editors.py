"""Database invariants Django cannot express, and the editors group."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# A span must lie inside its article's text. A CHECK constraint cannot look at another table, so a trigger does.
OFFSETS_SQL = """
CREATE FUNCTION claims_span_inside_article() RETURNS trigger AS $$
DECLARE
    text_length integer;
    span_ends integer[];
BEGIN
    SELECT char_length(text) INTO text_length FROM claims_article WHERE id = NEW.article_id;
    IF TG_TABLE_NAME = 'claims_claim' THEN
        span_ends := ARRAY[NEW.content_end, NEW.cue_end, NEW.speaker_end, NEW.antecedent_end, NEW.sentence_end];
    ELSE
        span_ends := ARRAY[NEW."end"];
    END IF;
    IF EXISTS (SELECT 1 FROM unnest(span_ends) AS span_end WHERE span_end > text_length) THEN
        RAISE EXCEPTION 'span ends past the end of article % (% characters)', NEW.article_id, text_length
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER claims_claim_span_inside_article BEFORE INSERT OR UPDATE ON claims_claim
    FOR EACH ROW EXECUTE FUNCTION claims_span_inside_article();
CREATE TRIGGER claims_statement_span_inside_article BEFORE INSERT OR UPDATE ON claims_statement
    FOR EACH ROW EXECUTE FUNCTION claims_span_inside_article();
"""

REVERSE_OFFSETS_SQL = """
DROP TRIGGER claims_statement_span_inside_article ON claims_statement;
DROP TRIGGER claims_claim_span_inside_article ON claims_claim;
DROP FUNCTION claims_span_inside_article();
"""


def create_editors_group(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """The group is also re-ensured after every migrate by claims.permissions.editors_group_ensure."""
    from django.contrib.auth.management import create_permissions

    from claims.permissions import EDITORS_GROUP, EDITORS_PERMISSIONS

    # Permissions are normally made after all migrations; the group needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    for app_label, codenames in EDITORS_PERMISSIONS.items():
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0001_initial"),
        ("actors", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunSQL(OFFSETS_SQL, REVERSE_OFFSETS_SQL),
        migrations.RunPython(create_editors_group, migrations.RunPython.noop),
    ]
