package org.somaxis.conformance.tools;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SimpleQuantity;
import org.hl7.fhir.r4.model.Timing;

/**
 * Seeded generator of synthetic patients, one transaction Bundle (~80 resources) per patient: a Patient, an IGF-1
 * series, metabolic labs with derived HOMA-IR, exercise sessions, sleep and (usually) a peptide order. Every resource
 * conforms to the Somaxis profiles without declaring them. The same (count, seed) always yields the same bundles.
 *
 * <p>Usage: {@code SyntheticBundleGenerator <count> <seed> <outDir>}; writes {@code Bundle-synthetic-<seed>-<n>.json}.
 */
public final class SyntheticBundleGenerator {

	public static final LocalDate EVALUATION_DATE = LocalDate.of(2026, 11, 22);
	static final String BASE = "http://somaxis.org/fhir";
	static final String LOINC = "http://loinc.org";
	static final String SCT = "http://snomed.info/sct";
	static final String UCUM = "http://unitsofmeasure.org";
	static final String OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
	static final String INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
	static final String PEPTIDES = BASE + "/CodeSystem/gh-peptides";
	static final String EXERCISE = BASE + "/CodeSystem/exercise-types";
	static final String OBS_CODES = BASE + "/CodeSystem/observation-codes";
	static final String PATIENT_ID = BASE + "/sid/patient-id";

	/** Quest LC-MS adult IGF-1 bands (sex-combined, ng/mL): lower age, upper age (exclusive, -1 = open), low, high. */
	static final int[][] IGF1_BANDS = {
		{18, 20, 108, 548}, {20, 25, 83, 456}, {25, 30, 63, 373}, {30, 40, 53, 331}, {40, 50, 52, 328},
		{50, 60, 50, 317}, {60, 70, 41, 279}, {70, 80, 34, 245}, {80, -1, 34, 246}
	};

	private record Peptide(String code, String display, double dose, String unit, boolean oral, String pattern) {}

	private static final List<Peptide> PEPTIDE_PLANS =
			List.of(
					new Peptide("sermorelin", "Sermorelin", 300, "ug", false, "nightly"),
					new Peptide("ipamorelin", "Ipamorelin", 200, "ug", false, "nightly"),
					new Peptide("cjc-1295-no-dac", "CJC-1295 without DAC (modified GRF 1-29)", 100, "ug", false, "weekdays"),
					new Peptide("cjc-1295-dac", "CJC-1295 with DAC", 2, "mg", false, "weekly"),
					new Peptide("tesamorelin", "Tesamorelin", 1.4, "mg", false, "daily"),
					new Peptide("ibutamoren", "Ibutamoren (MK-677)", 25, "mg", true, "daily"));

	private final Random random;
	private final long seed;
	private final int index;
	private final Bundle bundle = new Bundle();
	private int counter;
	private Reference patientRef;
	private LocalDate birthDate;

	private SyntheticBundleGenerator(long seed, int index) {
		this.seed = seed;
		this.index = index;
		this.random = new Random(seed * 1_000_003L + index);
		bundle.setType(Bundle.BundleType.TRANSACTION);
		bundle.setId("synthetic-" + seed + "-" + index);
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 3) {
			System.err.println("Usage: SyntheticBundleGenerator <count> <seed> <outDir>");
			System.exit(2);
		}
		int count = Integer.parseInt(args[0]);
		long seed = Long.parseLong(args[1]);
		Path out = Path.of(args[2]);
		Files.createDirectories(out);
		FhirContext ctx = FhirContext.forR4();
		for (Bundle b : generate(count, seed)) {
			Path file = out.resolve("Bundle-" + b.getIdElement().getIdPart() + ".json");
			Files.writeString(file, ctx.newJsonParser().setPrettyPrint(true).encodeResourceToString(b) + "\n",
					StandardCharsets.UTF_8);
		}
		System.out.println("Wrote " + count + " bundle(s) to " + out);
	}

	/** One transaction Bundle per synthetic patient. */
	public static List<Bundle> generate(int count, long seed) {
		List<Bundle> out = new ArrayList<>();
		for (int i = 1; i <= count; i++) {
			out.add(new SyntheticBundleGenerator(seed, i).build());
		}
		return out;
	}

	private Bundle build() {
		boolean female = random.nextBoolean();
		birthDate = LocalDate.of(1958 + random.nextInt(40), 1 + random.nextInt(12), 1 + random.nextInt(28));
		Patient patient = new Patient();
		String mrn = "SYN-" + seed + "-" + index;
		patient.addIdentifier().setSystem(PATIENT_ID).setValue(mrn);
		patient.setActive(true);
		patient.addName().setFamily("Synthetic" + index).addGiven(female ? "Alex" : "Sam");
		patient.setGender(female ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
		patient.setBirthDate(date(birthDate));
		patientRef = add(patient, "identifier=" + PATIENT_ID + "|" + mrn);

		// Therapy: 1 in 6 patients untreated.
		Peptide plan = random.nextInt(6) == 0 ? null : PEPTIDE_PLANS.get(random.nextInt(PEPTIDE_PLANS.size()));
		LocalDate start = EVALUATION_DATE.minusWeeks(20 + random.nextInt(10)).with(DayOfWeek.MONDAY);
		LocalDate baseline = start.minusDays(7);

		// IGF-1 series: baseline then every 4 weeks.
		double igf1 = 70 + random.nextInt(120);
		double response = plan == null ? 1.0 : 1.08 + random.nextDouble() * 0.12;
		for (LocalDate d = baseline; d.isBefore(EVALUATION_DATE); d = d.plusWeeks(4)) {
			add(igf1(d, Math.round(igf1)));
			igf1 = Math.min(igf1 * response, 420);
		}
		add(lab(baseline, "2483-6", "ug/mL", round1(2.5 + random.nextDouble() * 2.5)));

		// Metabolic labs at 4 time points, each glucose + insulin + HOMA-IR + HbA1c.
		double glucose = 82 + random.nextInt(25);
		double insulin = 4 + random.nextDouble() * 10;
		for (int k = 0; k < 4; k++) {
			LocalDate d = baseline.plusWeeks(6L * k);
			Reference g = add(lab(d, "1558-6", "mg/dL", Math.round(glucose)));
			Reference in = add(lab(d, "27873-9", "u[IU]/mL", round1(insulin)));
			add(homaIr(d, Math.round(glucose), round1(insulin), g, in));
			add(lab(d, "4548-4", "%", round1(4.9 + (glucose - 80) / 60.0)));
			glucose += random.nextInt(7) - 2;
			insulin += random.nextDouble() * 1.5 - 0.5;
		}

		// Peptide order.
		if (plan != null) {
			add(order(plan, start));
		}

		// Exercise: 10 weeks, 4 sessions a week.
		String[] kinds = {"resistance", "hiit", "moderate-aerobic", "prolonged-endurance"};
		LocalDate firstMonday = EVALUATION_DATE.minusWeeks(10).with(DayOfWeek.MONDAY);
		for (int w = 0; w < 10; w++) {
			for (int s = 0; s < 4; s++) {
				String kind = kinds[random.nextInt(kinds.length)];
				int minutes = switch (kind) {
					case "hiit" -> 20 + random.nextInt(15);
					case "prolonged-endurance" -> 95 + random.nextInt(60);
					default -> 40 + random.nextInt(30);
				};
				add(exercise(firstMonday.plusWeeks(w).plusDays(s * 2L), kind, minutes));
			}
		}

		// Sleep: last 14 nights.
		double meanSleep = 5.8 + random.nextDouble() * 2.4;
		for (int n = 14; n >= 1; n--) {
			add(sleep(EVALUATION_DATE.minusDays(n), round2(meanSleep + random.nextGaussian() * 0.5)));
		}
		return bundle;
	}

	// ---------------------------------------------------------------------------------------------------------------

	private Reference add(Resource resource) {
		return add(resource, null);
	}

	private Reference add(Resource resource, String ifNoneExist) {
		counter++;
		String uuid =
				UUID.nameUUIDFromBytes(("somaxis-synthetic:" + seed + ":" + index + ":" + counter).getBytes(StandardCharsets.UTF_8))
						.toString();
		Bundle.BundleEntryComponent entry = bundle.addEntry().setFullUrl("urn:uuid:" + uuid).setResource(resource);
		entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
		if (ifNoneExist != null) {
			entry.getRequest().setIfNoneExist(ifNoneExist);
		}
		return new Reference("urn:uuid:" + uuid);
	}

	private static Date date(LocalDate d) {
		return Date.from(d.atStartOfDay().toInstant(ZoneOffset.UTC));
	}

	private static DateTimeType dateTime(LocalDateTime t) {
		DateTimeType dt = new DateTimeType(Date.from(t.toInstant(ZoneOffset.UTC)));
		dt.setTimeZoneZulu(true);
		return dt;
	}

	private static Quantity ucum(double value, String code) {
		return new Quantity().setValue(value).setUnit(code).setSystem(UCUM).setCode(code);
	}

	private static SimpleQuantity simpleUcum(double value, String code) {
		SimpleQuantity q = new SimpleQuantity();
		q.setValue(value).setUnit(code).setSystem(UCUM).setCode(code);
		return q;
	}

	private static double round1(double v) {
		return Math.round(v * 10) / 10.0;
	}

	private static double round2(double v) {
		return Math.round(v * 100) / 100.0;
	}

	private Observation base(String category, Coding code) {
		Observation o = new Observation();
		o.setStatus(Observation.ObservationStatus.FINAL);
		o.addCategory().addCoding(new Coding(OBS_CATEGORY, category, null));
		o.getCode().addCoding(code);
		o.setSubject(patientRef);
		return o;
	}

	private Observation igf1(LocalDate d, long value) {
		Observation o = base("laboratory", new Coding(LOINC, "2484-4", "Insulin-like growth factor-I [Mass/volume] in Serum or Plasma"));
		o.setEffective(dateTime(d.atTime(8, 0)));
		o.setValue(ucum(value, "ng/mL"));
		int age = (int) ChronoUnit.YEARS.between(birthDate, d);
		int[] band = IGF1_BANDS[0];
		for (int[] b : IGF1_BANDS) {
			if (age >= b[0] && (b[1] < 0 || age < b[1])) {
				band = b;
			}
		}
		double mid = (Math.log(band[2]) + Math.log(band[3])) / 2;
		double sd = (Math.log(band[3]) - Math.log(band[2])) / 4;
		double sds = (Math.log(value) - mid) / sd;
		String interp = value < band[2] ? "L" : value > band[3] ? (sds > 3 ? "HH" : "H") : "N";
		o.addInterpretation().addCoding(new Coding(INTERPRETATION, interp, null));
		Observation.ObservationReferenceRangeComponent rr = o.addReferenceRange();
		rr.setLow(simpleUcum(band[2], "ng/mL")).setHigh(simpleUcum(band[3], "ng/mL"));
		Range ageRange = new Range().setLow(simpleUcum(band[0], "a"));
		if (band[1] > 0) {
			ageRange.setHigh(simpleUcum(band[1], "a"));
		}
		rr.setAge(ageRange);
		rr.setText("Quest LC-MS adult band, sex-combined");
		return o;
	}

	private Observation lab(LocalDate d, String loinc, String unit, double value) {
		Observation o = base("laboratory", new Coding(LOINC, loinc, null));
		o.setEffective(dateTime(d.atTime(8, 0)));
		o.setValue(ucum(value, unit));
		return o;
	}

	private Observation homaIr(LocalDate d, double glucose, double insulin, Reference g, Reference in) {
		Observation o = base("laboratory", new Coding(OBS_CODES, "homa-ir", "HOMA-IR"));
		o.setEffective(dateTime(d.atTime(8, 0)));
		o.setValue(ucum(round2(glucose * insulin / 405.0), "1"));
		o.addDerivedFrom(g);
		o.addDerivedFrom(in);
		return o;
	}

	private Observation sleep(LocalDate night, double hours) {
		Observation o = base("social-history", new Coding(LOINC, "93832-4", "Sleep duration"));
		LocalDateTime start = night.atTime(23, 0);
		o.setEffective(new Period().setStartElement(dateTime(start)).setEndElement(dateTime(start.plusMinutes(Math.round(hours * 60)))));
		o.setValue(ucum(hours, "h"));
		return o;
	}

	private Observation exercise(LocalDate day, String kind, int minutes) {
		Observation o = base("activity", new Coding(LOINC, "73985-4", "Exercise activity"));
		LocalDateTime start = day.atTime(kind.equals("prolonged-endurance") ? 6 : 18, 0);
		o.setEffective(new Period().setStartElement(dateTime(start)).setEndElement(dateTime(start.plusMinutes(minutes))));
		CodeableConcept value = new CodeableConcept();
		value.addCoding(new Coding(EXERCISE, kind, null));
		switch (kind) {
			case "resistance" -> {
				value.addCoding(new Coding(LOINC, "LA11839-0", "Weights"));
				value.addCoding(new Coding(SCT, "266741004", "Muscle strength exercise"));
			}
			case "moderate-aerobic" -> value.addCoding(new Coding(LOINC, "LA11837-4", "Bicycling"));
			case "prolonged-endurance" -> value.addCoding(new Coding(LOINC, "LA11836-6", "Running"));
			default -> value.addCoding(new Coding(SCT, "229072005", "Aerobic exercises"));
		}
		o.setValue(value);
		component(o, LOINC, "55411-3", ucum(minutes, "min"));
		if (kind.equals("resistance")) {
			component(o, OBS_CODES, "sets", new IntegerType(8 + random.nextInt(10)));
			component(o, OBS_CODES, "reps", new IntegerType(6 + random.nextInt(9)));
			component(o, OBS_CODES, "load", ucum(20 + random.nextInt(60), "kg"));
			component(o, OBS_CODES, "rpe", ucum(5 + random.nextInt(5), "{score}"));
		} else {
			boolean vigorous = kind.equals("hiit");
			component(o, LOINC, vigorous ? "77593-2" : "77592-4", ucum(vigorous ? minutes / 2 : minutes, "min"));
			component(o, LOINC, "55425-3", ucum(110 + random.nextInt(45), "/min"));
			component(o, LOINC, "55426-1", ucum(150 + random.nextInt(35), "/min"));
			component(o, LOINC, "55424-6", ucum(minutes * (7 + random.nextInt(5)), "kcal"));
		}
		return o;
	}

	private static void component(Observation o, String system, String code, org.hl7.fhir.r4.model.Type value) {
		o.addComponent().setCode(new CodeableConcept().addCoding(new Coding(system, code, null))).setValue(value);
	}

	private MedicationRequest order(Peptide plan, LocalDate start) {
		MedicationRequest mr = new MedicationRequest();
		mr.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
		mr.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		mr.setMedication(new CodeableConcept().addCoding(new Coding(PEPTIDES, plan.code(), plan.display())));
		mr.setSubject(patientRef);
		mr.setAuthoredOnElement(dateTime(start.atTime(9, 0)));
		Dosage dosage = mr.addDosageInstruction().setSequence(1);
		Timing.TimingRepeatComponent repeat = dosage.getTiming().getRepeat();
		repeat.setBounds(new Period().setStartElement(new DateTimeType(start.toString())));
		repeat.setFrequency(1).setPeriod(1);
		switch (plan.pattern()) {
			case "nightly" -> {
				repeat.setPeriodUnit(Timing.UnitsOfTime.D);
				repeat.addWhen(Timing.EventTiming.HS);
			}
			case "weekdays" -> {
				repeat.setPeriodUnit(Timing.UnitsOfTime.D);
				for (Timing.DayOfWeek dow : List.of(Timing.DayOfWeek.MON, Timing.DayOfWeek.TUE, Timing.DayOfWeek.WED,
						Timing.DayOfWeek.THU, Timing.DayOfWeek.FRI)) {
					repeat.addDayOfWeek(dow);
				}
			}
			case "weekly" -> {
				repeat.setPeriodUnit(Timing.UnitsOfTime.WK);
				repeat.addDayOfWeek(Timing.DayOfWeek.MON);
			}
			default -> repeat.setPeriodUnit(Timing.UnitsOfTime.D);
		}
		String route = plan.oral() ? "26643006" : "34206005";
		dosage.getRoute().addCoding(new Coding(SCT, route, plan.oral() ? "Oral route" : "Subcutaneous route"));
		dosage.addDoseAndRate().setDose(simpleUcum(plan.dose(), plan.unit()));
		dosage.setText(plan.dose() + " " + plan.unit() + (plan.oral() ? " by mouth " : " subcutaneously ") + plan.pattern());
		return mr;
	}
}
