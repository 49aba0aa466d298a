from django.db import models


class CharterVersion(models.Model):
    """One version of the charter. The newest is in force; every earlier one stays readable
    together with the `charter.amend` decision that replaced it."""

    number = models.PositiveIntegerField(unique=True)
    source_name = models.CharField(max_length=255)
    source_text = models.TextField()
    sha256 = models.CharField(max_length=64)
    in_force_from = models.DateTimeField()
    adopted_by = models.OneToOneField(
        "ledger.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="charter_version_adopted",
        help_text="The charter.amend decision that put this version in force; "
        "empty for the founding charter.",
    )

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"Charter version {self.number}"

    @property
    def charter(self):
        from minutebook.charter.selectors import parsed_charter

        return parsed_charter(self)


class Unit(models.Model):
    """A node of the organization's tree (national, district, branch...), as the charter in
    force defines it. Units the charter no longer names are kept, marked dissolved."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    dissolved_by = models.ForeignKey(
        CharterVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_by_id is None
