import factory

from accounts.models import Membership, Organisation, Role, Unit, User


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Kommun {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Enhet {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"Förnamn{n}")
    last_name = "Testsson"
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password("demo1234")


def make_user(role: str, unit: Unit | None = None, *, organisation=None, **kwargs) -> User:
    """A user with one role; coaches and managers in `unit`, others organisation-wide."""
    organisation = organisation or (unit.organisation if unit else OrganisationFactory())
    user = UserFactory(organisation=organisation, **kwargs)
    org_wide = role in (Role.ADMINISTRATOR, Role.COUNTY_ANALYST, Role.SECURITY_OFFICER)
    Membership.objects.create(
        user=user, organisation=organisation, unit=None if org_wide else unit, role=role
    )
    return user
