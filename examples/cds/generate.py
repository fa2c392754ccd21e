#!/usr/bin/env python3
"""Authoring aid: builds the CDS request fixtures of examples/cds from the scenario bundles (the JSON files are the
source of truth). Each fixture is a CDS Hooks 2.0 request with full prefetch, shaped like the spec and hook-library
examples; draftOrders deliberately has no Bundle.type, as in the official examples."""
import json, pathlib

HERE = pathlib.Path(__file__).parent
BUNDLES = HERE.parent / "bundles"
KEYS = [("medicationRequests", "MedicationRequest"), ("medicationStatements", "MedicationStatement"),
        ("medicationAdministrations", "MedicationAdministration"), ("medicationDispenses", "MedicationDispense"),
        ("conditions", "Condition"), ("procedures", "Procedure"), ("allergies", "AllergyIntolerance")]
# the codes of the two Observation templates (org.somaxis.gather.GatherPlan): labs, and sleep/exercise
LIFESTYLE = {("http://loinc.org", "93832-4"), ("http://loinc.org", "73985-4")}


def is_lifestyle(observation):
    return any((c.get("system"), c.get("code")) in LIFESTYLE for c in observation["code"].get("coding", []))


def load(scenario, patient_id):
    bundle = json.loads((BUNDLES / f"Bundle-{scenario}.json").read_text())
    ids = {}
    for i, entry in enumerate(bundle["entry"]):
        r = entry["resource"]
        rid = patient_id if r["resourceType"] == "Patient" else f"{scenario[:20]}-{i}".rstrip("-")
        ids[entry["fullUrl"]] = f"{r['resourceType']}/{rid}"
        r["id"] = rid
    text = json.dumps([e["resource"] for e in bundle["entry"]])
    for urn, ref in ids.items():
        text = text.replace(urn, ref)
    return json.loads(text)


def searchset(resources):
    bundle = {"resourceType": "Bundle", "type": "searchset", "total": len(resources)}
    if resources:
        bundle["entry"] = [{"fullUrl": f"https://ehr.example.org/fhir/{r['resourceType']}/{r['id']}", "resource": r}
                           for r in resources]
    return bundle


def request(scenario, hook, patient_id, instance):
    resources = load(scenario, patient_id)
    patient = next(r for r in resources if r["resourceType"] == "Patient")
    drafts = [r for r in resources if r["resourceType"] == "MedicationRequest" and r.get("status") == "draft"]
    stored = [r for r in resources if r not in drafts]
    context = {"userId": "Practitioner/example", "patientId": patient_id}
    if hook != "patient-view":
        context["draftOrders"] = {"resourceType": "Bundle", "entry": [{"resource": d} for d in drafts]}
        if hook == "order-select":
            context["selections"] = [f"MedicationRequest/{d['id']}" for d in drafts]
    else:
        context["encounterId"] = "example-encounter"
    prefetch = {"patient": patient}
    observations = [r for r in stored if r["resourceType"] == "Observation"]
    prefetch["observations"] = searchset([r for r in observations if not is_lifestyle(r)])
    prefetch["lifestyleObservations"] = searchset([r for r in observations if is_lifestyle(r)])
    for key, kind in KEYS:
        prefetch[key] = searchset([r for r in stored if r["resourceType"] == kind])
    prefetch["draftServiceRequests"] = None
    return {
        "hookInstance": instance,
        "fhirServer": "https://ehr.example.org/fhir",
        "hook": hook,
        "context": context,
        "prefetch": prefetch,
        "extension": {"org.somaxis.evaluation-date": "2026-11-22"},
    }


FIXTURES = [
    ("patient-view-short-sleep.json", "short-sleep", "patient-view", "scn-short-sleep",
     "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"),
    ("order-select-pregnancy.json", "pregnancy-peptide-order", "order-select", "scn-pregnancy",
     "5bd9b2f1-2c5a-4f3e-9d4c-3b1b0f6a7e21"),
    ("order-sign-hp-axis-disorder.json", "hp-axis-disorder-tesamorelin", "order-sign", "scn-hp-axis",
     "9f4b0d3e-7c2a-4e11-8a6b-5d2e1c0f9a33"),
]

for name, scenario, hook, patient_id, instance in FIXTURES:
    (HERE / name).write_text(json.dumps(request(scenario, hook, patient_id, instance), indent=2) + "\n")
