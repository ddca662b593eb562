"""What keeps the compliance summaries current: every saved ledger row and annual facts row, a
person's new unit or title, a unit's new category — marked here, recomputed after commit by the
``credits.summaries_refresh`` task (``credits.summaries.mark``).

Writers that skip ``save()`` say so themselves (the ledger import's ``bulk_create`` marks its
rows); a city's new pack for a year starts a recompute job (``credits.domain.years``).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from jijiao.credits.models import AnnualFacts, LedgerEntry
from jijiao.credits.summaries import mark, mark_people
from jijiao.orgs.models import Person, Unit

# What a person's or unit's standing depends on besides the ledger (orgs.facts, chain).
PERSON_FIELDS = {"unit", "unit_id", "title_level", "title_series", "job_type"}
UNIT_FIELDS = {"category", "grade", "division", "division_id", "supervisor", "supervisor_id"}


def _touches(update_fields, watched: set[str]) -> bool:
    return update_fields is None or bool(watched & set(update_fields))


@receiver(post_save, sender=LedgerEntry, dispatch_uid="summaries_ledger")
def ledger_saved(sender, instance: LedgerEntry, **kwargs) -> None:
    mark([(instance.person_id, instance.year)])


@receiver(post_save, sender=AnnualFacts, dispatch_uid="summaries_facts")
def facts_saved(sender, instance: AnnualFacts, **kwargs) -> None:
    mark([(instance.person_id, instance.year)])


@receiver(post_save, sender=Person, dispatch_uid="summaries_person")
def person_saved(sender, instance: Person, created: bool, update_fields=None, **kwargs) -> None:
    if not created and _touches(update_fields, PERSON_FIELDS):
        mark_people([instance.pk])


@receiver(post_save, sender=Unit, dispatch_uid="summaries_unit")
def unit_saved(sender, instance: Unit, created: bool, update_fields=None, **kwargs) -> None:
    if not created and _touches(update_fields, UNIT_FIELDS):
        mark_people(Person.objects.filter(unit=instance).values_list("pk", flat=True))
