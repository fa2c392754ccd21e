package org.somaxis.conformance;

import java.math.BigDecimal;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Bundles in the shapes a widely used synthetic EHR generator exports: first a batch of the Organizations,
 * Locations and Practitioners (US Core profiles declared, the generator's own extensions, {@code ifNoneExist} on
 * identifiers), then one transaction per patient whose Encounters reference them by conditional URL
 * ({@code Organization?identifier=...}) and whose resources reference each other by {@code urn:uuid}. Public for
 * {@code bench/BigTransactionBench.java}, which posts the same shapes at 7,001 entries, and
 * {@code bench/UsCoreSetBench.java}, which posts a 31,000-resource population of them.
 */
public final class RealWorldBundles {
	static final String SYNTHEA = "https://github.com/synthetichealth/synthea";
	static final String NPI = "http://hl7.org/fhir/sid/us-npi";
	static final String US_CORE = "http://hl7.org/fhir/us/core/StructureDefinition/";
	static final String GENERATOR_EXTENSION = "http://synthetichealth.github.io/synthea/utilization-encounters-extension";
	static final String LOINC = "http://loinc.org";
	static final String UCUM = "http://unitsofmeasure.org";
	static final String CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

	private RealWorldBundles() {}

	/** {@code providers} Organizations, Locations and Practitioners, tagged so that runs do not collide. */
	public static Bundle providerBatch(String tag, int providers) {
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		for (int i = 0; i < providers; i++) {
			Organization organization = new Organization();
			organization.getMeta().addProfile(US_CORE + "us-core-organization");
			organization.addExtension(GENERATOR_EXTENSION, new IntegerType(120 + i));
			organization.addIdentifier().setSystem(SYNTHEA).setValue(organizationId(tag, i));
			organization.setActive(true).setName("Intake Clinic " + i);
			organization.addType(new CodeableConcept(new Coding(
					"http://terminology.hl7.org/CodeSystem/organization-type", "prov", "Healthcare Provider")));
			organization.addAddress().addLine("1 Clinic Road").setCity("Boston").setState("MA").setCountry("US");
			add(batch, organization, "Organization", "identifier=" + SYNTHEA + "|" + organizationId(tag, i));

			Location location = new Location();
			location.getMeta().addProfile(US_CORE + "us-core-location");
			location.addIdentifier().setSystem(SYNTHEA).setValue(locationId(tag, i));
			location.setStatus(Location.LocationStatus.ACTIVE).setName("Intake Clinic " + i);
			location.getPosition().setLatitude(new BigDecimal("42.36")).setLongitude(new BigDecimal("-71.05"));
			location.setManagingOrganization(new Reference("Organization?identifier=" + SYNTHEA + "|" + organizationId(tag, i)));
			add(batch, location, "Location", "identifier=" + SYNTHEA + "|" + locationId(tag, i));

			Practitioner practitioner = new Practitioner();
			practitioner.getMeta().addProfile(US_CORE + "us-core-practitioner");
			practitioner.addExtension(GENERATOR_EXTENSION, new IntegerType(40 + i));
			practitioner.addIdentifier().setSystem(NPI).setValue(practitionerId(tag, i));
			practitioner.setActive(true).addName().setFamily("Provider" + i).addGiven("Intake").addPrefix("Dr.");
			practitioner.setGender(Enumerations.AdministrativeGender.FEMALE);
			add(batch, practitioner, "Practitioner", "identifier=" + NPI + "|" + practitionerId(tag, i));
		}
		return batch;
	}

	/**
	 * One patient with {@code encounters} Encounters, each with a body weight (core {@code bodyweight} profile
	 * declared, so fully validated), a fasting glucose (our metabolic profile, inferred), a heart rate (US Core
	 * profile, not held) and a Condition: {@code 1 + 5 * encounters} entries.
	 */
	public static Bundle patientTransaction(String tag, int providers, int encounters) {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String patientUrn = urn();
		Patient patient = new Patient();
		patient.getMeta().addProfile(US_CORE + "us-core-patient");
		patient.addExtension("http://synthetichealth.github.io/synthea/disability-adjusted-life-years", new DecimalType("0.25"));
		patient.addIdentifier().setSystem(SYNTHEA).setValue("patient-" + tag);
		patient.addName().setFamily("Bulk").addGiven("Intake");
		patient.setGender(Enumerations.AdministrativeGender.FEMALE);
		patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1969-07-20"));
		entry(transaction, patientUrn, patient, "Patient");
		for (int e = 0; e < encounters; e++) {
			int provider = e % providers;
			String day = "20%02d-%02d-%02d".formatted(10 + e / 336, 1 + (e / 28) % 12, 1 + e % 28);
			String encounterUrn = urn();
			Encounter encounter = new Encounter();
			encounter.getMeta().addProfile(US_CORE + "us-core-encounter");
			encounter.setStatus(Encounter.EncounterStatus.FINISHED);
			encounter.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
			encounter.addType(new CodeableConcept(new Coding("http://snomed.info/sct", "185349003", "Encounter for check up")));
			encounter.setSubject(new Reference(patientUrn));
			encounter.addParticipant().setIndividual(new Reference("Practitioner?identifier=" + NPI + "|" + practitionerId(tag, provider)));
			encounter.addLocation().setLocation(new Reference("Location?identifier=" + SYNTHEA + "|" + locationId(tag, provider)));
			encounter.setServiceProvider(new Reference("Organization?identifier=" + SYNTHEA + "|" + organizationId(tag, provider)));
			encounter.setPeriod(new Period().setStartElement(new DateTimeType(day + "T09:00:00Z")).setEndElement(new DateTimeType(day + "T09:30:00Z")));
			entry(transaction, encounterUrn, encounter, "Encounter");

			Observation weight = vital(patientUrn, encounterUrn, day, "29463-7", "Body weight", 80 + e % 7, "kg");
			weight.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/bodyweight");
			entry(transaction, urn(), weight, "Observation");
			Observation heartRate = vital(patientUrn, encounterUrn, day, "8867-4", "Heart rate", 60 + e % 20, "/min");
			heartRate.getMeta().addProfile(US_CORE + "us-core-heart-rate");
			entry(transaction, urn(), heartRate, "Observation");
			Observation glucose = vital(patientUrn, encounterUrn, day, "1558-6", "Fasting glucose [Mass/volume] in Serum or Plasma", 85 + e % 15, "mg/dL");
			glucose.getCategoryFirstRep().getCodingFirstRep().setCode("laboratory");
			entry(transaction, urn(), glucose, "Observation");

			Condition condition = new Condition();
			condition.getMeta().addProfile(US_CORE + "us-core-condition-encounter-diagnosis");
			condition.getClinicalStatus().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical").setCode("resolved");
			condition.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/condition-category").setCode("encounter-diagnosis");
			condition.getCode().addCoding().setSystem("http://snomed.info/sct").setCode("444814009").setDisplay("Viral sinusitis (disorder)");
			condition.setSubject(new Reference(patientUrn)).setEncounter(new Reference(encounterUrn));
			condition.setOnset(new DateTimeType(day + "T09:00:00Z"));
			entry(transaction, urn(), condition, "Condition");
		}
		return transaction;
	}

	private static Observation vital(String patient, String encounter, String day, String loinc, String display, int value, String unit) {
		Observation observation = new Observation();
		observation.setStatus(Observation.ObservationStatus.FINAL);
		observation.addCategory(new CodeableConcept(new Coding(CATEGORY, "vital-signs", null)));
		observation.setCode(new CodeableConcept(new Coding(LOINC, loinc, display)));
		observation.setSubject(new Reference(patient)).setEncounter(new Reference(encounter));
		observation.setEffective(new DateTimeType(day + "T09:10:00Z"));
		observation.setValue(new Quantity().setValue(value).setUnit(unit).setSystem(UCUM).setCode(unit));
		return observation;
	}

	static String organizationId(String tag, int i) {
		return "org-" + tag + "-" + i;
	}

	static String locationId(String tag, int i) {
		return "loc-" + tag + "-" + i;
	}

	static String practitionerId(String tag, int i) {
		return "npi-" + tag + "-" + i;
	}

	private static void add(Bundle batch, Resource resource, String type, String ifNoneExist) {
		batch.addEntry().setFullUrl(urn()).setResource(resource)
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(type).setIfNoneExist(ifNoneExist);
	}

	private static void entry(Bundle transaction, String fullUrl, Resource resource, String type) {
		transaction.addEntry().setFullUrl(fullUrl).setResource(resource).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(type);
	}

	private static String urn() {
		return "urn:uuid:" + UUID.randomUUID();
	}
}
