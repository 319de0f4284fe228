from django.db import models


class DemoGeneration(models.Model):
    """Marks a database as holding generated data: which scale and seed, so a second run of
    `vfmhub generate` with other settings is refused rather than mixed in."""

    scale = models.CharField(max_length=20)
    seed = models.IntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    totals = models.JSONField(default=dict, blank=True, help_text="{model: rows} after the run.")

    def __str__(self) -> str:
        return f"{self.scale} (seed {self.seed})"
