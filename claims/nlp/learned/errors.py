"""The one error every loader of a model directory raises (its own module: the stance and extraction loaders both
raise it, and the model directory loads the stance classifier)."""


class ModelDirectoryError(RuntimeError):
    """A model directory that cannot be used; the message says which file and why."""
