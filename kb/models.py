"""The domain model: what an extract may say, validated before anything reaches the graph.

One pydantic class per node label, plus ``Link`` for relationships that need evidence or
properties of their own. Ids are ``<prefix>:<slug>`` where the prefix names the label
(``actor:ars-normandie``, ``terr:fr-dep-61``): a reference says what it points to, and the
loader can check it. Inline reference fields (``part_of``, ``covers``, ``addresses``...) become
relationships that share the entity's own evidence; ``links`` carry their own.

Every entity and every link carries evidence: the source, a short verbatim quote and the line
where the quote starts in the source file. A fact with no evidence does not load.

Called by ``kb.seed`` (validation and loading) and by the query layer for result types.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from kb.i18n import _

# -- vocabularies -------------------------------------------------------------------------


class TerritoryKind(StrEnum):
    country = "country"
    region = "region"  # French région, Belgian region (Wallonia)
    department = "department"  # French département
    province = "province"  # Belgian province
    health_territory = "health_territory"  # territoire de santé / de démocratie sanitaire
    epci = "epci"  # intercommunality (communauté de communes / d'agglomération, CDC)
    commune = "commune"
    district = "district"  # a named part of a commune (quartier), a Belgian arrondissement
    qpv = "qpv"  # quartier prioritaire de la politique de la ville
    living_area = "living_area"  # bassin de vie
    ols_territory = "ols_territory"
    coordination_territory = "coordination_territory"  # the perimeter of a CPTS, CLS, cooperative...
    other = "other"


class ActorKind(StrEnum):
    state = "state"  # ministry, prefecture, State service (DDT...)
    state_agency = "state_agency"  # ARS, AViQ, Santé publique France, HAS...
    agency_delegation = "agency_delegation"  # an ARS departmental delegation
    local_authority = "local_authority"  # commune, EPCI, département council, region
    hospital = "hospital"
    medico_social = "medico_social"  # EHPAD, ESMS, SSIAD...
    primary_care = "primary_care"  # MSP, health centre, individual practices
    professional_community = "professional_community"  # CPTS
    professional_union = "professional_union"  # URPS, orders
    association = "association"
    observatory = "observatory"  # ORS...
    federation = "federation"  # Fnors, FNES...
    insurer = "insurer"  # CPAM, MSA, mutuals
    education = "education"  # Éducation nationale, universities, schools
    research = "research"  # EHESP, Inserm, research teams
    network = "network"  # a network of actors (Fabrique Territoires Santé, ESPT)
    consultative_body = "consultative_body"  # CTS, CRSA, conferences
    company = "company"  # a provider
    person = "person"
    other = "other"


class Level(StrEnum):
    """AViQ's three levels (seed 002): define the frame / organise the action / act."""

    macro = "macro"
    meso = "meso"
    micro = "micro"


class MechanismStatus(StrEnum):
    planned = "planned"
    in_preparation = "in_preparation"
    active = "active"
    signed = "signed"
    pilot = "pilot"
    ended = "ended"
    unknown = "unknown"


class FactStatus(StrEnum):
    """What kind of fact a relationship (or entity) is, as the document puts it."""

    existing = "existing"  # in place (the default: say so explicitly when it is not)
    planned = "planned"  # decided, to be created or done
    intended = "intended"  # to develop, wished, hedged ("à développer", "probablement", "à voir")
    example = "example"  # given as an example only
    ended = "ended"  # was, is no more


class Basis(StrEnum):
    """Why the extract states the fact."""

    stated = "stated"  # the document says it of this very entity
    rule = "rule"  # a general rule the document states for a kind, applied here (`rule:` cites the rule)
    inferred = "inferred"  # the extractor's reading (`note:` says why)


class FundingUnit(StrEnum):
    total = "total"
    per_unit = "per_unit"  # `per:` names the unit (PASA, CRT, projet...)
    per_year = "per_year"
    to_be_defined = "to_be_defined"  # "à définir": no amount


class BodyKind(StrEnum):
    governance = "governance"
    steering_committee = "steering_committee"  # comité de pilotage, CoPil
    technical_committee = "technical_committee"
    operational_team = "operational_team"
    working_group = "working_group"  # GT
    local_consultation = "local_consultation"  # concertation locale
    general_assembly = "general_assembly"
    council = "council"  # CTS, conseil d'administration
    bureau = "bureau"
    function = "function"  # a role held by a person: facilitator, secretary, accountant...
    other = "other"


class ObjectiveKind(StrEnum):
    axis = "axis"
    priority = "priority"
    workstream = "workstream"  # chantier
    strategic_action = "strategic_action"
    objective = "objective"


class Stage(StrEnum):
    """Fnors' implementation stage (seed 000): 1 ongoing, 2 to improve, 3 new."""

    ongoing = "1"
    to_improve = "2"
    new = "3"


class PlanKind(StrEnum):
    strategic_project = "strategic_project"
    roadmap = "roadmap"
    regional_health_project = "regional_health_project"
    work_programme = "work_programme"
    guide = "guide"
    programme = "programme"
    contract = "contract"
    other = "other"


class Rel(StrEnum):
    """Relationship types an extract's ``links`` may use (inline fields make the others)."""

    PART_OF = "PART_OF"
    BASED_IN = "BASED_IN"
    CARRIES = "CARRIES"  # porteur of a mechanism
    PILOTS = "PILOTS"
    ANIMATES = "ANIMATES"
    COORDINATES = "COORDINATES"
    MEMBER_OF = "MEMBER_OF"  # role: member | partner
    SITS_ON = "SITS_ON"
    HOLDS = "HOLDS"  # an actor holds a mandate / a representation seat
    LINKED = "LINKED"  # kind: governance | activity_sharing | support
    PARTNER_OF = "PARTNER_OF"
    SUPPORTS = "SUPPORTS"  # methodological, technical or financial support to an actor/mechanism
    FUNDS = "FUNDS"  # amount_eur, scheme
    LEADS = "LEADS"
    CONTRIBUTES_TO = "CONTRIBUTES_TO"
    ISSUES = "ISSUES"  # an actor issues a plan or a mandate
    ORGANISES = "ORGANISES"
    PUBLISHES = "PUBLISHES"
    COVERS = "COVERS"
    TARGETS = "TARGETS"
    ADDRESSES = "ADDRESSES"
    FOR_PUBLIC = "FOR_PUBLIC"
    RELIES_ON = "RELIES_ON"
    OF_TYPE = "OF_TYPE"
    UNDER = "UNDER"
    IN_PLAN = "IN_PLAN"
    FOR = "FOR"
    SCOPED_TO = "SCOPED_TO"
    FOLLOWS = "FOLLOWS"
    HELD_IN = "HELD_IN"
    ARTICULATES_WITH = "ARTICULATES_WITH"  # a mechanism or plan declined in / linked to another
    CREATES = "CREATES"  # an action creates a (planned) mechanism or body
    PROVIDES_MEANS = "PROVIDES_MEANS"  # an actor is the means of an action (seed 000's "Moyens"), not its lead


class LinkKind(StrEnum):
    """AViQ's three kinds of link between structures (seed 002)."""

    governance = "governance"
    activity_sharing = "activity_sharing"
    support = "support"


class MemberRole(StrEnum):
    member = "member"
    partner = "partner"
    representative = "representative"
    chair = "chair"
    lead = "lead"
    other = "other"


# -- evidence -------------------------------------------------------------------------------

SLUG = r"[a-z0-9][a-z0-9._-]*"
PREFIXES: dict[str, str] = {
    "Source": "src",
    "Territory": "terr",
    "Actor": "actor",
    "MechanismType": "mtype",
    "Mechanism": "mech",
    "Body": "body",
    "MandateTemplate": "tmpl",
    "Mandate": "mandate",
    "Plan": "plan",
    "Objective": "obj",
    "Action": "action",
    "Theme": "theme",
    "Public": "public",
    "Event": "event",
    "Resource": "res",
}
LABEL_OF_PREFIX = {v: k for k, v in PREFIXES.items()}
ID_PATTERN = re.compile(rf"^({'|'.join(PREFIXES.values())}):({SLUG}|[A-Z0-9_]+)$")


def label_of(entity_id: str) -> str | None:
    """The label an id's prefix names, or None."""
    prefix, _, _ = entity_id.partition(":")
    return LABEL_OF_PREFIX.get(prefix)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=False)


class Evidence(Strict):
    """Where a fact comes from: a verbatim quote starting at ``line`` of the source file."""

    source: str | None = Field(default=None, description="Source id; defaults to the file's source.")
    line: int | None = Field(
        default=None,
        ge=1,
        description="Line (from 1) where the quote starts; may be omitted only for reference sources.",
    )
    quote: str = Field(min_length=3, max_length=400, description="Short verbatim quote from the source.")


EvidenceList = Annotated[list[Evidence], Field(min_length=1)]


def _iso(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise ValueError(_("{value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)").format(value=value))
    return value


IsoDate = Annotated[str, AfterValidator(_iso)]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


class FactKind(Strict):
    """The kind of a fact: its status and its basis (with the rule cited, or a note saying why)."""

    status: FactStatus = FactStatus.existing
    basis: Basis = Basis.stated
    rule: Evidence | None = Field(default=None, description="For basis rule: where the document states the rule.")
    note: str | None = Field(default=None, description="For basis inferred: why the extractor reads it so.")
    hedge: str | None = Field(
        default=None, description='The document\'s hedging words, verbatim ("probablement", "à voir avec", "(?)").'
    )

    @model_validator(mode="after")
    def _basis_fits(self) -> FactKind:
        if self.basis is Basis.rule and self.rule is None:
            raise ValueError(_("basis rule needs `rule:` citing the rule's line and quote"))
        if self.basis is not Basis.rule and self.rule is not None:
            raise ValueError(_("`rule:` goes with basis rule"))
        if self.basis is Basis.inferred and not self.note:
            raise ValueError(_("basis inferred needs a `note:` saying why"))
        return self


DEFAULT_FACT = FactKind()


@dataclass(frozen=True)
class Ref:
    """Marks a model field as a reference: the relationship it makes, and its direction."""

    rel: Rel
    outgoing: bool = True


@dataclass(frozen=True)
class Apart:
    """Marks a model field that is not a node property as is: the loader writes it another way (``how``)."""

    how: str


def apart_fields(model: type[BaseModel]) -> set[str]:
    """Fields of a model that are not node properties: references (relationships) and fields marked ``Apart``."""
    return set(ref_fields(model)) | {
        name for name, info in model.model_fields.items() if any(isinstance(m, Apart) for m in info.metadata)
    }


def ref_fields(model: type[BaseModel]) -> dict[str, Ref]:
    """Field name -> Ref, for every reference field of a model (declared once, with the field)."""
    out: dict[str, Ref] = {}
    for name, info in model.model_fields.items():
        for meta in info.metadata:
            if isinstance(meta, Ref):
                out[name] = meta
    return out


def _as_list(value: Any) -> Any:
    if isinstance(value, dict):
        return [value]
    return value


class Entity(Strict):
    """Fields every node has."""

    label: ClassVar[str] = ""
    id: str = Field(description="Stable id, `<prefix>:<slug>`; the prefix names the label.")
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list, description="Other names, for search.")
    description: str | None = None
    evidence: Annotated[EvidenceList, Apart("CITED_IN relationships")]

    _check_evidence = field_validator("evidence", mode="before")(_as_list)

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not ID_PATTERN.match(value):
            raise ValueError(_("id {value!r} is not `<prefix>:<slug>` (lower-case slug)").format(value=value))
        expected = PREFIXES[cls.label]
        if not value.startswith(expected + ":"):
            raise ValueError(
                _("a {label} id starts with `{prefix}:`, not {value!r}").format(
                    label=cls.label, prefix=expected, value=value
                )
            )
        return value

    facts: Annotated[dict[str, FactKind], Apart("status/basis of the reference relationships")] = Field(
        default_factory=dict,
        description="Status/basis of inline references: key `*` (all), a field name, or `field@target-id`.",
    )

    def fact_key(self, fieldname: str, target: str) -> str | None:
        """The key of ``facts`` that gives the kind of reference ``fieldname`` -> ``target`` (most specific wins)."""
        for key in (f"{fieldname}@{target}", fieldname, "*"):
            if key in self.facts:
                return key
        return None

    def fact_of(self, fieldname: str, target: str) -> FactKind:
        """The kind of the fact made by reference field ``fieldname`` to ``target`` (most specific wins)."""
        key = self.fact_key(fieldname, target)
        return DEFAULT_FACT if key is None else self.facts[key]

    @model_validator(mode="after")
    def _facts_keys(self) -> Entity:
        fields = set(ref_fields(type(self))) | {"funding"}
        for key in self.facts:
            name = key.partition("@")[0]
            if key != "*" and name not in fields:
                raise ValueError(
                    _("facts: {key!r} names no reference field of a {label} ({fields})").format(
                        key=key, label=self.label, fields=sorted(fields)
                    )
                )
        return self

    def references(self) -> list[tuple[Rel, str, bool, str]]:
        """(relationship, target id, outgoing?, field name) for every inline reference field."""
        out: list[tuple[Rel, str, bool, str]] = []
        for name, ref in ref_fields(type(self)).items():
            value = getattr(self, name)
            targets = [value] if isinstance(value, str) else list(value or [])
            out.extend((ref.rel, t, ref.outgoing, name) for t in targets)
        return out


class Source(Strict):
    """One document (or reference data set) that facts come from."""

    label: ClassVar[str] = "Source"
    id: str
    title: str
    issuer: str | None = None
    date: str | None = None
    file: str | None = Field(default=None, description="File name in the sources folder.")
    kind: Literal["document", "reference"] = "document"
    description: str | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not value.startswith("src:") or not ID_PATTERN.match(value):
            raise ValueError(_("a Source id is `src:<slug>`, not {value!r}").format(value=value))
        return value


class Territory(Entity):
    label: ClassVar[str] = "Territory"
    kind: TerritoryKind
    code: str | None = Field(default=None, description="Official code: INSEE (FR), NIS (BE).")
    part_of: Annotated[list[str], Ref(Rel.PART_OF)] = Field(default_factory=list)


class Actor(Entity):
    label: ClassVar[str] = "Actor"
    kind: ActorKind
    acronym: str | None = None
    level: Level | None = None
    sectors: list[str] = Field(default_factory=list)
    website: str | None = None
    part_of: Annotated[list[str], Ref(Rel.PART_OF)] = Field(
        default_factory=list, description="Parent actors (a DD of an ARS, an ORS in Fnors)."
    )
    based_in: Annotated[list[str], Ref(Rel.BASED_IN)] = Field(
        default_factory=list, description="Territories where it sits."
    )


class MechanismType(Entity):
    label: ClassVar[str] = "MechanismType"
    code: str
    country: Literal["FR", "BE"] | None = None


MECHANISM_TYPE_FACETS = (
    "legal_basis",
    "field",
    "objectives",
    "public",
    "methods",
    "actors",
    "perimeter",
    "coverage",
    "financing",
    "governance",
)


class MechanismTypeProfile(Strict):
    """What one source says a mechanism type is (seed 004's Annex 1 table, for example)."""

    type: str
    legal_basis: str | None = None
    field: str | None = None
    objectives: str | None = None
    public: str | None = None
    methods: str | None = None
    actors: str | None = None
    perimeter: str | None = None
    coverage: str | None = None
    financing: str | None = None
    governance: str | None = None
    evidence: EvidenceList

    _check_evidence = field_validator("evidence", mode="before")(_as_list)


class Mechanism(Entity):
    label: ClassVar[str] = "Mechanism"
    type: Annotated[str, Ref(Rel.OF_TYPE)] = Field(description="MechanismType id.")
    status: MechanismStatus = MechanismStatus.unknown
    signed: IsoDate | None = Field(default=None, description="ISO date (YYYY-MM-DD, YYYY-MM or YYYY).")
    start: IsoDate | None = None
    end: IsoDate | None = None
    covers: Annotated[list[str], Ref(Rel.COVERS)] = Field(default_factory=list)
    addresses: Annotated[list[str], Ref(Rel.ADDRESSES)] = Field(default_factory=list)
    publics: Annotated[list[str], Ref(Rel.FOR_PUBLIC)] = Field(default_factory=list)
    carried_by: Annotated[list[str], Ref(Rel.CARRIES, outgoing=False)] = Field(
        default_factory=list, description="Actors who carry it (porteur)."
    )
    part_of: Annotated[list[str], Ref(Rel.PART_OF)] = Field(
        default_factory=list, description="A parent mechanism or plan."
    )
    created_by: Annotated[list[str], Ref(Rel.CREATES, outgoing=False)] = Field(
        default_factory=list, description="Actions that create it (a planned scheme)."
    )
    duration_months: int | None = Field(default=None, ge=1, description="A stated duration (a 2-year pilot: 24).")
    dates_text: str | None = Field(default=None, description="The document's wording of the dates.")


class Body(Entity):
    """A space or function inside a mechanism or an organisation (CoPil, GT, facilitator...)."""

    label: ClassVar[str] = "Body"
    kind: BodyKind
    level: Level | None = None
    part_of: Annotated[list[str], Ref(Rel.PART_OF)] = Field(
        default_factory=list, description="Mechanism, Actor or Body ids."
    )
    temporary: bool | None = Field(default=None, description="A temporary body (GT for a time, a task force).")
    duration_months: int | None = Field(default=None, ge=1)
    start: IsoDate | None = None
    end: IsoDate | None = None
    created_by: Annotated[list[str], Ref(Rel.CREATES, outgoing=False)] = Field(default_factory=list)
    dates_text: str | None = Field(default=None, description="The document's wording of the duration or dates.")
    covers: Annotated[list[str], Ref(Rel.COVERS)] = Field(default_factory=list)
    addresses: Annotated[list[str], Ref(Rel.ADDRESSES)] = Field(default_factory=list)
    publics: Annotated[list[str], Ref(Rel.FOR_PUBLIC)] = Field(default_factory=list)


class TemplateSection(Strict):
    key: Literal[
        "title",
        "purpose",
        "responsibilities",
        "autonomy",
        "perimeter",
        "composition",
        "articulation",
        "working_methods",
        "deliverables",
        "duration",
        "commitments",
        "resources",
    ]
    title: str
    question: str | None = None
    part: Literal["essential", "operational"]
    line: int | None = Field(default=None, ge=1)


class MandateTemplate(Entity):
    """The sections a mandate is expected to state (AViQ's template, seed 002)."""

    label: ClassVar[str] = "MandateTemplate"
    sections: Annotated[list[TemplateSection], Apart("section_keys/titles, essential/operational keys")] = Field(
        min_length=1
    )


class Mandate(Entity):
    """A mandate for a body or function; absent sections are findings, not errors."""

    label: ClassVar[str] = "Mandate"
    body: Annotated[str, Ref(Rel.FOR)] = Field(description="Body id the mandate is for.")
    template: Annotated[str | None, Ref(Rel.FOLLOWS)] = Field(
        default=None, description="MandateTemplate id it follows."
    )
    scoped_to: Annotated[list[str], Ref(Rel.SCOPED_TO)] = Field(default_factory=list)
    duration_months: int | None = Field(default=None, ge=1, description="The mandate's duration, when a number.")
    count: int | None = Field(
        default=None,
        ge=1,
        description="How many mandates this entry stands for, when the document says (else unknown).",
    )
    max_per_member: int | None = Field(
        default=None,
        ge=1,
        description="A cap the document states: at most this many of these mandates per member of a holder "
        "(000 l.317: '1 membre = 2 mandats au plus').",
    )
    purpose: str | None = None
    responsibilities: str | None = None
    autonomy: str | None = None
    autonomy_limits: str | None = None
    perimeter: str | None = None
    composition: str | None = None
    articulation: str | None = None
    working_methods: str | None = None
    deliverables: str | None = None
    duration: str | None = None
    commitments: str | None = None
    resources: str | None = None


class Plan(Entity):
    """A roadmap, strategic project, programme or guide that holds objectives and actions."""

    label: ClassVar[str] = "Plan"
    kind: PlanKind
    period: str | None = Field(default=None, description="e.g. 2024-2028")
    start: IsoDate | None = None
    end: IsoDate | None = None
    adopted: IsoDate | None = None
    published: IsoDate | None = None
    dates_text: str | None = Field(default=None, description="The document's wording of the dates.")
    issued_by: Annotated[list[str], Ref(Rel.ISSUES, outgoing=False)] = Field(
        default_factory=list, description="Actor ids."
    )
    covers: Annotated[list[str], Ref(Rel.COVERS)] = Field(default_factory=list)
    part_of: Annotated[list[str], Ref(Rel.PART_OF)] = Field(
        default_factory=list, description="A plan this one declines."
    )


class Objective(Entity):
    """An axis, priority, workstream (chantier) or strategic action inside a plan."""

    label: ClassVar[str] = "Objective"
    kind: ObjectiveKind
    number: str | None = None
    plan: Annotated[str, Ref(Rel.IN_PLAN)] = Field(description="Plan id.")
    part_of: Annotated[str | None, Ref(Rel.PART_OF)] = Field(default=None, description="Parent objective id.")
    addresses: Annotated[list[str], Ref(Rel.ADDRESSES)] = Field(default_factory=list)


class CoFunder(Strict):
    funder: str = Field(description="Actor id of a co-funder.")
    share: FiniteFloat | None = Field(default=None, gt=0, le=1, description="Its share (0-1), where stated.")


class Money(Strict):
    """What FUNDS carries: amount and its unit, year or period, scheme, co-funders."""

    scheme: str | None = Field(default=None, description="FIR, CNR Santé, PRIAC, own funds...")
    amount_eur: FiniteFloat | None = Field(default=None, ge=0)
    unit: FundingUnit | None = Field(
        default=None,
        description="total | per_unit (with `per`) | per_year | to_be_defined; total when an amount is given",
    )
    per: str | None = Field(default=None, description="For per_unit: the unit (PASA, CRT, projet...).")
    year: int | None = Field(default=None, ge=1900, le=2200)
    period: str | None = Field(default=None, description="e.g. 2024-2025")
    cofunders: list[CoFunder] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unit_fits(self) -> Money:
        if self.unit is None and self.amount_eur is not None:
            self.unit = FundingUnit.total
        if self.unit is FundingUnit.per_unit and not self.per:
            raise ValueError(_("unit per_unit needs `per:` naming the unit (PASA, CRT, projet...)"))
        if self.per and self.unit is not FundingUnit.per_unit:
            raise ValueError(_("`per:` goes with unit per_unit"))
        if self.unit is FundingUnit.to_be_defined and self.amount_eur is not None:
            raise ValueError(_("unit to_be_defined has no amount"))
        if self.unit in (FundingUnit.total, FundingUnit.per_unit, FundingUnit.per_year) and self.amount_eur is None:
            raise ValueError(_("unit {unit} needs amount_eur").format(unit=self.unit))
        return self

    def money_props(self) -> dict[str, Any]:
        """The relationship properties (primitives only, for Neo4j)."""
        props: dict[str, Any] = self.model_dump(
            mode="json", exclude_none=True, include={"scheme", "amount_eur", "unit", "per", "year", "period"}
        )
        if self.cofunders:
            props["cofunders"] = [c.funder for c in self.cofunders]
            props["cofunder_shares"] = [c.share if c.share is not None else -1 for c in self.cofunders]
        return props


class Funding(Money):
    note: str | None = Field(default=None, description="What the amount is for, as the source puts it.")
    funder: str | None = Field(default=None, description="Actor id of the funder, when named.")
    status: FactStatus = FactStatus.existing
    basis: Basis = Basis.stated


class Indicator(Strict):
    """A target or indicator as a value, with the document's text kept."""

    text: str = Field(min_length=1, description="The document's wording.")
    kind: Literal["indicator", "target"] = "indicator"
    value: FiniteFloat | None = None
    unit: str | None = Field(default=None, description="What is counted: CRT, MSP, places d'EMAD...")
    year: int | None = Field(default=None, ge=1900, le=2200)
    deadline: IsoDate | None = None
    baseline: FiniteFloat | None = None
    baseline_year: int | None = Field(default=None, ge=1900, le=2200)


class Action(Entity):
    """Something to be done, under an objective, with funding, indicators and actors."""

    label: ClassVar[str] = "Action"
    under: Annotated[str, Ref(Rel.UNDER)] = Field(description="Objective id.")
    number: str | None = None
    stage: Stage | None = None
    period: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2200)
    deadline: IsoDate | None = None
    start: IsoDate | None = None
    end: IsoDate | None = None
    dates_text: str | None = Field(default=None, description="The document's wording of the dates.")
    funding: Annotated[list[Funding], Apart("FUNDS relationships, and amount/scheme summaries")] = Field(
        default_factory=list
    )
    indicators: Annotated[list[str | Indicator], Apart("indicators (text) and indicator_values (JSON)")] = Field(
        default_factory=list
    )
    comments: str | None = None
    means: list[str] = Field(default_factory=list, description="Who/what implements (seed 000's 'Moyens').")
    milestones: Annotated[dict[str, str], Apart('"year: result" strings')] = Field(
        default_factory=dict, description="Year -> expected result."
    )
    means_by: Annotated[list[str], Ref(Rel.PROVIDES_MEANS, outgoing=False)] = Field(
        default_factory=list, description="Actor ids that are its means (not its leads)."
    )
    lead: Annotated[list[str], Ref(Rel.LEADS, outgoing=False)] = Field(
        default_factory=list, description="Actor ids that lead it."
    )
    contributors: Annotated[list[str], Ref(Rel.CONTRIBUTES_TO, outgoing=False)] = Field(
        default_factory=list, description="Actor ids that contribute."
    )
    targets: Annotated[list[str], Ref(Rel.TARGETS)] = Field(default_factory=list, description="Territory ids.")
    addresses: Annotated[list[str], Ref(Rel.ADDRESSES)] = Field(default_factory=list, description="Theme ids.")
    publics: Annotated[list[str], Ref(Rel.FOR_PUBLIC)] = Field(default_factory=list)
    relies_on: Annotated[list[str], Ref(Rel.RELIES_ON)] = Field(default_factory=list, description="Mechanism ids.")

    @field_validator("stage", mode="before")
    @classmethod
    def _stage(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value

    def references(self) -> list[tuple[Rel, str, bool, str]]:
        # each co-funder gets its own FUNDS (issue 11 item 4); kb.funding counts a co-funded amount once
        funders = [(Rel.FUNDS, f.funder, False, "funding") for f in self.funding if f.funder]
        cofunders = [(Rel.FUNDS, c.funder, False, "funding") for f in self.funding for c in f.cofunders]
        return super().references() + funders + cofunders


class Theme(Entity):
    label: ClassVar[str] = "Theme"


class Public(Entity):
    label: ClassVar[str] = "Public"


class Event(Entity):
    label: ClassVar[str] = "Event"
    date: str | None = Field(default=None, description="ISO date or period as stated.")
    date_text: str | None = Field(default=None, description="The document's wording of the date.")
    held_in: Annotated[list[str], Ref(Rel.HELD_IN)] = Field(default_factory=list, description="Territory ids.")
    organised_by: Annotated[list[str], Ref(Rel.ORGANISES, outgoing=False)] = Field(
        default_factory=list, description="Actor ids."
    )
    addresses: Annotated[list[str], Ref(Rel.ADDRESSES)] = Field(default_factory=list)


class Resource(Entity):
    """A resource base, tool, guide or directory made available to actors."""

    label: ClassVar[str] = "Resource"
    kind: Literal["database", "directory", "guide", "tool", "website", "publication", "training", "other"]
    published_by: Annotated[list[str], Ref(Rel.PUBLISHES, outgoing=False)] = Field(default_factory=list)
    addresses: Annotated[list[str], Ref(Rel.ADDRESSES)] = Field(default_factory=list)


class Link(FactKind, Money):
    """A relationship with its own evidence, its kind (status, basis) and, where it has them, properties."""

    from_: str = Field(alias="from")
    rel: Rel
    to: str
    role: MemberRole | None = None
    kind: LinkKind | None = None
    evidence: EvidenceList

    model_config = ConfigDict(extra="forbid", populate_by_name=True, str_strip_whitespace=True)
    _check_evidence = field_validator("evidence", mode="before")(_as_list)

    @model_validator(mode="after")
    def _props_fit(self) -> Link:
        # CONTRIBUTES_TO may say in which capacity: a partner "en partenariat avec" (003 l.82)
        roled = (Rel.MEMBER_OF, Rel.SITS_ON, Rel.HOLDS, Rel.PARTNER_OF, Rel.CONTRIBUTES_TO)
        if self.role is not None and self.rel not in roled:
            raise ValueError(
                _("role applies to MEMBER_OF, SITS_ON, HOLDS, PARTNER_OF, CONTRIBUTES_TO, not {rel}").format(
                    rel=self.rel
                )
            )
        if self.kind is not None and self.rel is not Rel.LINKED:
            raise ValueError(_("kind applies to LINKED, not {rel}").format(rel=self.rel))
        if self.rel is Rel.LINKED and self.kind is None:
            raise ValueError(_("a LINKED link needs kind: governance, activity_sharing or support"))
        money = self.amount_eur is not None or self.scheme or self.unit or self.year or self.period or self.cofunders
        if money and self.rel is not Rel.FUNDS:
            raise ValueError(
                _("amount_eur, unit, scheme, year, period and cofunders apply to FUNDS, not {rel}").format(rel=self.rel)
            )
        return self


# Which labels each relationship may join (from-label set, to-label set). Checked by the loader.
ANY_PLAYER = {"Actor", "Body", "Mechanism"}
REL_ENDPOINTS: dict[Rel, tuple[set[str], set[str]]] = {
    Rel.PART_OF: (
        {"Territory", "Actor", "Mechanism", "Body", "Plan", "Objective"},
        {"Territory", "Actor", "Mechanism", "Body", "Plan", "Objective"},
    ),
    Rel.BASED_IN: ({"Actor", "Body"}, {"Territory"}),
    Rel.CARRIES: ({"Actor"}, {"Mechanism", "Body", "Action", "Plan"}),
    Rel.PILOTS: ({"Actor", "Body"}, {"Mechanism", "Body", "Plan", "Action", "Objective"}),
    Rel.ANIMATES: ({"Actor", "Body"}, {"Mechanism", "Body", "Event", "Resource"}),
    Rel.COORDINATES: ({"Actor", "Body"}, {"Mechanism", "Body", "Plan", "Action"}),
    Rel.MEMBER_OF: ({"Actor", "Mechanism"}, {"Actor", "Mechanism", "Body"}),
    Rel.SITS_ON: ({"Actor"}, {"Body"}),
    Rel.HOLDS: ({"Actor", "Body"}, {"Mandate"}),
    Rel.LINKED: (ANY_PLAYER, ANY_PLAYER),
    Rel.PARTNER_OF: ({"Actor", "Mechanism"}, {"Actor", "Mechanism", "Plan"}),
    Rel.SUPPORTS: ({"Actor", "Body"}, {"Actor", "Body", "Mechanism", "Action"}),
    Rel.FUNDS: ({"Actor"}, {"Action", "Mechanism", "Actor", "Body", "Event", "Resource"}),
    Rel.LEADS: ({"Actor", "Body"}, {"Action"}),
    Rel.CONTRIBUTES_TO: ({"Actor", "Body", "Mechanism"}, {"Action", "Plan", "Objective", "Event", "Resource"}),
    Rel.ISSUES: ({"Actor"}, {"Plan", "Mandate", "Resource"}),
    Rel.ORGANISES: ({"Actor", "Body"}, {"Event"}),
    Rel.PUBLISHES: ({"Actor"}, {"Resource"}),
    Rel.COVERS: ({"Mechanism", "Plan", "Body"}, {"Territory"}),
    Rel.TARGETS: ({"Action"}, {"Territory"}),
    Rel.ADDRESSES: ({"Mechanism", "Action", "Objective", "Body", "Event", "Resource", "MechanismType"}, {"Theme"}),
    Rel.FOR_PUBLIC: ({"Mechanism", "Action", "Body", "MechanismType"}, {"Public"}),
    Rel.RELIES_ON: ({"Action", "Plan", "Objective"}, {"Mechanism", "MechanismType", "Resource"}),
    Rel.OF_TYPE: ({"Mechanism"}, {"MechanismType"}),
    Rel.UNDER: ({"Action"}, {"Objective"}),
    Rel.IN_PLAN: ({"Objective"}, {"Plan"}),
    Rel.FOR: ({"Mandate"}, {"Body"}),
    Rel.SCOPED_TO: ({"Mandate"}, {"Territory"}),
    Rel.FOLLOWS: ({"Mandate"}, {"MandateTemplate"}),
    Rel.HELD_IN: ({"Event"}, {"Territory"}),
    Rel.ARTICULATES_WITH: (
        {"Mechanism", "Plan", "Body", "Action"},
        {"Mechanism", "Plan", "Body", "Action", "MechanismType"},
    ),
    Rel.CREATES: ({"Action", "Actor"}, {"Mechanism", "Body"}),
    Rel.PROVIDES_MEANS: ({"Actor", "Body", "Mechanism"}, {"Action"}),
}


ENTITY_CLASSES: tuple[type[Entity], ...] = (
    Territory,
    Actor,
    MechanismType,
    Mechanism,
    Body,
    MandateTemplate,
    Mandate,
    Plan,
    Objective,
    Action,
    Theme,
    Public,
    Event,
    Resource,
)


class Extract(Strict):
    """One YAML file of ``seed/``: a source document's extract, or shared reference data."""

    source: str | None = Field(
        default=None,
        description="Id of the source this file extracts (declared "
        "in `sources:` here or in another file); evidence without `source` points here.",
    )
    sources: list[Source] = Field(default_factory=list, description="Extra sources (reference data).")
    territories: list[Territory] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    mechanism_types: list[MechanismType] = Field(default_factory=list)
    mechanism_type_profiles: list[MechanismTypeProfile] = Field(default_factory=list)
    mechanisms: list[Mechanism] = Field(default_factory=list)
    bodies: list[Body] = Field(default_factory=list)
    mandate_templates: list[MandateTemplate] = Field(default_factory=list)
    mandates: list[Mandate] = Field(default_factory=list)
    plans: list[Plan] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    themes: list[Theme] = Field(default_factory=list)
    publics: list[Public] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    resources: list[Resource] = Field(default_factory=list)
    links: list[Link] = Field(default_factory=list)

    ENTITY_SECTIONS: ClassVar[tuple[str, ...]] = (
        "territories",
        "actors",
        "mechanism_types",
        "mechanisms",
        "bodies",
        "mandate_templates",
        "mandates",
        "plans",
        "objectives",
        "actions",
        "themes",
        "publics",
        "events",
        "resources",
    )

    def entities(self) -> list[tuple[str, int, Entity]]:
        """(section, index, entity) for every entity in the file."""
        return [(section, i, e) for section in self.ENTITY_SECTIONS for i, e in enumerate(getattr(self, section))]
