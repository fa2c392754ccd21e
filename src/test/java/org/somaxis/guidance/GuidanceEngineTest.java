package org.somaxis.guidance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.glucose;
import static org.somaxis.guidance.Fixtures.igf1;
import static org.somaxis.guidance.Fixtures.patient;
import static org.somaxis.guidance.Fixtures.peptide;
import static org.somaxis.guidance.Fixtures.sleep;
import static org.somaxis.guidance.Fixtures.snomedCondition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ObservationDefinition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.somaxis.guidance.knowledge.KnowledgeException;
import org.somaxis.guidance.record.Codes;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PatientRecordAssembler;
import org.somaxis.guidance.rules.Rule;
import org.somaxis.guidance.rules.Rules;

class GuidanceEngineTest {

	private static Scenario busyPatient() {
		return Scenario.of(patient(52, "male"),
						snomedCondition("c1", "363346000"),
						peptide("m1", "sermorelin", "active", TODAY.minusDays(120)),
						igf1("o1", 600, TODAY.minusDays(5)),
						glucose("g1", 130, TODAY.minusDays(5)))
				.drafts(peptide("d1", "ipamorelin", "draft", TODAY), peptide("d2", "ibutamoren", "draft", TODAY, "sc"));
	}

	@Test
	void findings_areOrderedCriticalFirstThenByRuleId() {
		List<Finding> findings = busyPatient().evaluate().findings();

		assertThat(findings).isSortedAccordingTo(Finding.ORDER);
		assertThat(findings.get(0).severity()).isEqualTo(Severity.CRITICAL);
		assertThat(findings).extracting(Finding::ruleId).contains(
				"peptide-active-malignancy", "igf1-above-range-on-therapy", "igf1-persistently-very-high",
				"glucose-intolerance-on-gh-therapy", "ghrh-plus-ghs-combination", "route-mismatch", "regulatory-status");
	}

	@Test
	void evaluation_isDeterministicWhateverTheResourceOrder() {
		Scenario forward = busyPatient();
		Scenario reversed = Scenario.of(glucose("g1", 130, TODAY.minusDays(5)), igf1("o1", 600, TODAY.minusDays(5)),
						peptide("m1", "sermorelin", "active", TODAY.minusDays(120)), snomedCondition("c1", "363346000"),
						patient(52, "male"))
				.drafts(peptide("d2", "ibutamoren", "draft", TODAY, "sc"), peptide("d1", "ipamorelin", "draft", TODAY));

		assertThat(reversed.evaluate()).isEqualTo(forward.evaluate());
	}

	@ParameterizedTest
	@EnumSource(Face.class)
	void onlyRulesForTheRequestedFaceFire(Face face) {
		Guidance guidance = busyPatient().evaluate(face);

		assertThat(guidance.findings()).allSatisfy(finding ->
				assertThat(Scenario.KNOWLEDGE.rule(finding.ruleId()).faces()).contains(face));
	}

	@Test
	void everySummaryIsShorterThan140Characters() {
		assertThat(busyPatient().evaluate(Face.PATIENT_VIEW).findings())
				.allSatisfy(finding -> assertThat(finding.summary()).hasSizeLessThan(Finding.MAX_SUMMARY_LENGTH));
	}

	@Test
	void findingRejectsASummaryOf140Characters() {
		assertThatThrownBy(() -> new Finding("r", "1", Severity.INFO, "x".repeat(140), "", List.of(), List.of(),
				List.of(), List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void aFailingRule_isReportedAsARuleFailureNotAsAMessage() {
		Rule broken = new Rule() {
			@Override
			public String id() {
				return "sleep-short";
			}

			@Override
			public List<Finding> evaluate(PatientRecord record, Face face, org.somaxis.guidance.rules.RuleContext context) {
				throw new IllegalStateException("boom");
			}
		};
		List<Rule> rules = new ArrayList<>(Rules.all().stream().filter(rule -> !rule.id().equals("sleep-short")).toList());
		rules.add(broken);

		Guidance guidance = new GuidanceEngine(Scenario.KNOWLEDGE, rules)
				.evaluate(Scenario.of(patient(40, "male")).record(), Face.PATIENT_VIEW);

		assertThat(guidance.failures()).containsExactly(
				new RuleFailure("sleep-short", "1.0.0", false, IllegalStateException.class.getName()));
		assertThat(guidance.incomplete()).isTrue();
		assertThat(guidance.messages()).isEmpty();
	}

	@Test
	void aFailingSafetyRule_isMarkedAsSafety() {
		Rule broken = new Rule() {
			@Override
			public String id() {
				return "peptide-active-malignancy";
			}

			@Override
			public List<Finding> evaluate(PatientRecord record, Face face, org.somaxis.guidance.rules.RuleContext context) {
				throw new NullPointerException();
			}
		};
		List<Rule> rules = new ArrayList<>(Rules.all().stream().filter(rule -> !rule.id().equals(broken.id())).toList());
		rules.add(broken);

		Guidance guidance = new GuidanceEngine(Scenario.KNOWLEDGE, rules).evaluate(Scenario.of().record(), Face.ORDER);

		assertThat(guidance.failures()).singleElement().satisfies(failure -> {
			assertThat(failure.ruleId()).isEqualTo("peptide-active-malignancy");
			assertThat(failure.safety()).isTrue();
		});
	}

	@Test
	void aDataProblemInARule_becomesAMessage() {
		Rule picky = new Rule() {
			@Override
			public String id() {
				return "sleep-short";
			}

			@Override
			public List<Finding> evaluate(PatientRecord record, Face face, org.somaxis.guidance.rules.RuleContext context) {
				throw new DataProblemException("sleep data unusable");
			}
		};
		List<Rule> rules = new ArrayList<>(Rules.all().stream().filter(rule -> !rule.id().equals("sleep-short")).toList());
		rules.add(picky);

		Guidance guidance = new GuidanceEngine(Scenario.KNOWLEDGE, rules)
				.evaluate(Scenario.of(patient(40, "male")).record(), Face.PATIENT_VIEW);

		assertThat(guidance.messages()).containsExactly("rule sleep-short: sleep data unusable");
		assertThat(guidance.failures()).isEmpty();
	}

	/**
	 * A reassurance ("IGF-1 in target") is left out beside a critical finding: tesamorelin with a hypothalamic-pituitary
	 * disorder, or MK-677 with diabetes, or any peptide in acromegaly; or beside one that pauses the therapy: sermorelin
	 * with hypopituitarism, where IGF-1 does not show what the peptide does (probe 56, P56-C2). Before, the two cards
	 * said to stop the therapy and that it was on target. Also on one result (Observation/$evaluate), whose face the
	 * contraindication rules do not run on.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0} with {1} -> in target {2}")
	@org.junit.jupiter.params.provider.CsvSource({
			"tesamorelin, hypopituitarism, false, tesamorelin-hp-axis-disorder",
			"ibutamoren,  diabetes,        false, glucose-intolerance-on-gh-therapy",
			"sermorelin,  hypopituitarism, false, secretagogue-hp-axis-disorder",
			"ipamorelin,  acromegaly,      false, peptide-acromegaly",
			"tesamorelin, none,            true,  ''"})
	void aReassurance_isLeftOutBesideAFindingThatSetsTheTherapyAside(String peptide, String condition, boolean inTarget,
			String setAsideBy) {
		Scenario scenario = Scenario.of(patient(45, "male"), igf1("o1", 140, TODAY.minusDays(3)),
				org.somaxis.guidance.Fixtures.peptide("m1", peptide, "active", TODAY.minusDays(200)));
		switch (condition) {
			case "hypopituitarism" -> scenario.with(org.somaxis.guidance.Fixtures.localCondition("c1", "hypopituitarism"));
			case "diabetes" -> scenario.with(org.somaxis.guidance.Fixtures.snomedCondition("c1", "44054006"));
			case "acromegaly" -> scenario.with(org.somaxis.guidance.Fixtures.snomedCondition("c1", "74107003"));
			default -> { }
		}

		List<String> rules = scenario.evaluate(Face.PATIENT_VIEW).findings().stream().map(Finding::ruleId).toList();
		List<String> onTheResult = scenario.evaluate(Face.OBSERVATION).findings().stream().map(Finding::ruleId).toList();

		assertThat(rules.contains("igf1-in-target")).isEqualTo(inTarget);
		assertThat(onTheResult.contains("igf1-in-target")).isEqualTo(inTarget); // the contraindications run on the chart only
		if (!inTarget) {
			assertThat(rules).contains(setAsideBy);
		}
	}

	@Test
	void deceasedPatient_getsNoGuidanceAndAMessageSaysWhy() {
		Patient patient = patient(50, "male");
		patient.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));

		Guidance guidance = Scenario.of(patient, igf1("o1", 900, TODAY.minusDays(3)), sleep("s1", 4, TODAY.minusDays(1)))
				.evaluate();

		assertThat(guidance.findings()).isEmpty();
		assertThat(guidance.messages()).contains(Scenario.KNOWLEDGE.deceasedNotice());
	}

	/**
	 * An order written for a patient recorded as deceased (a death in the wrong chart, or an order in the wrong one):
	 * the safety checks still run, the other rules do not, and the notice says what to check. Before, the cancer's
	 * critical card was silenced and only an info line said the patient was deceased.
	 */
	@Test
	void orderForAPatientRecordedAsDeceased_stillGetsTheSafetyChecks_andOnlyThem() {
		Patient patient = patient(50, "male");
		patient.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));

		Guidance guidance = Scenario.of(patient, org.somaxis.guidance.Fixtures.snomedCondition("c1", "254837009"),
						sleep("s1", 4, TODAY.minusDays(1)))
				.drafts(org.somaxis.guidance.Fixtures.peptide("d1", "tesamorelin", "draft", TODAY))
				.evaluate();

		assertThat(guidance.findings()).extracting(Finding::ruleId).contains("peptide-active-malignancy");
		assertThat(guidance.findings()).allSatisfy(finding -> assertThat(
				Scenario.KNOWLEDGE.rule(finding.ruleId()).category()).isEqualTo(Category.SAFETY));
		assertThat(guidance.messages()).contains(Scenario.KNOWLEDGE.deceasedOrderNotice())
				.doesNotContain(Scenario.KNOWLEDGE.deceasedNotice());
	}

	/**
	 * No labs for the dead on any face: the order face's "no baseline IGF-1" card offered to order an IGF-1, a glucose
	 * and an HbA1c for a patient recorded as deceased (probe 83, P83-m1). The card stays, without them; alive, they stay.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "deceased {0}")
	@org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
	void anOrderForAPatientRecordedAsDeceased_offersNoLabOrders(boolean deceased) {
		Patient patient = patient(50, "male");
		if (deceased) {
			patient.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));
		}

		Guidance guidance = Scenario.of(patient)
				.drafts(org.somaxis.guidance.Fixtures.peptide("d1", "tesamorelin", "draft", TODAY))
				.evaluate();

		assertThat(guidance.findings()).extracting(Finding::ruleId).contains("no-baseline-igf1");
		assertThat(guidance.findings().stream().flatMap(finding -> finding.suggestions().stream())
				.flatMap(suggestion -> suggestion.actions().stream())
				.anyMatch(action -> action.type() == Action.Type.CREATE)).isEqualTo(!deceased);
	}

	/**
	 * A patient recorded as deceased whose tesamorelin order is still active or on hold, beside an active cancer: the
	 * chart view runs the safety checks, and only those, with a notice to check the record of death and end the order.
	 * Before, the critical card was silenced and a line said no guidance is given. A draft left in the chart or no
	 * peptide at all still gets no guidance.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "peptide {0} -> malignancy card {1}")
	@org.junit.jupiter.params.provider.CsvSource({"active, true", "on-hold, true", "draft, false", "stopped, false",
			"none, false"})
	void patientRecordedAsDeceased_withAPeptideStillInEffect_getsTheSafetyChecksOnTheChartView(String status,
			boolean checked) {
		Patient patient = patient(50, "female");
		patient.setDeceased(new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusDays(30).toString()));
		Scenario scenario = Scenario.of(patient, org.somaxis.guidance.Fixtures.snomedCondition("c1", "254837009"),
				sleep("s1", 4, TODAY.minusDays(1)));
		if (!status.equals("none")) {
			scenario.with(org.somaxis.guidance.Fixtures.peptide("m1", "tesamorelin", status, TODAY.minusDays(90)));
		}

		Guidance guidance = scenario.evaluate(Face.PATIENT_VIEW);

		if (checked) {
			assertThat(guidance.findings()).extracting(Finding::ruleId).contains("peptide-active-malignancy");
			assertThat(guidance.findings()).allSatisfy(finding -> assertThat(
					Scenario.KNOWLEDGE.rule(finding.ruleId()).category()).isEqualTo(Category.SAFETY));
			assertThat(guidance.messages()).contains(Scenario.KNOWLEDGE.deceasedTreatedNotice())
					.doesNotContain(Scenario.KNOWLEDGE.deceasedNotice());
		} else {
			assertThat(guidance.findings()).isEmpty();
			assertThat(guidance.messages()).contains(Scenario.KNOWLEDGE.deceasedNotice());
		}
	}

	/**
	 * On one result, a chart-only rule that can be critical and fails is reported among that face's failures, and
	 * nothing reassuring is said beside it.
	 */
	@Test
	void aChartRuleThatFails_whileAReassuranceIsWeighed_isReportedAndWithholdsIt() {
		List<org.somaxis.guidance.rules.Rule> rules = new ArrayList<>(org.somaxis.guidance.rules.Rules.all());
		rules.replaceAll(rule -> !rule.id().equals("tesamorelin-hp-axis-disorder") ? rule : new org.somaxis.guidance.rules.Rule() {
			@Override
			public String id() {
				return rule.id();
			}

			@Override
			public List<Finding> evaluate(org.somaxis.guidance.record.PatientRecord record, Face face,
					org.somaxis.guidance.rules.RuleContext context) {
				throw new IllegalStateException("a bug");
			}
		});
		Scenario scenario = Scenario.of(patient(45, "male"), igf1("o1", 140, TODAY.minusDays(3)),
				org.somaxis.guidance.Fixtures.peptide("m1", "tesamorelin", "active", TODAY.minusDays(200)));

		Guidance guidance = new GuidanceEngine(Scenario.KNOWLEDGE, rules).evaluate(scenario.record(), Face.OBSERVATION);

		assertThat(guidance.findings()).extracting(Finding::ruleId).doesNotContain("igf1-in-target");
		assertThat(guidance.failures()).singleElement()
				.satisfies(failure -> assertThat(failure.ruleId()).isEqualTo("tesamorelin-hp-axis-disorder"));
	}

	/** The deceased patient's chart gets the safety rules that warn, not the monitoring reminders that order labs. */
	@Test
	void patientRecordedAsDeceased_withAPeptideStillInEffect_getsNoMonitoringReminders() {
		Patient patient = patient(50, "female");
		patient.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));
		Scenario scenario = Scenario.of(patient, org.somaxis.guidance.Fixtures.snomedCondition("c1", "254837009"),
				org.somaxis.guidance.Fixtures.peptide("m1", "tesamorelin", "active", TODAY.minusDays(200)));

		List<String> rules = scenario.evaluate(Face.PATIENT_VIEW).findings().stream().map(Finding::ruleId).toList();

		assertThat(rules).contains("peptide-active-malignancy")
				.doesNotContain("igf1-monitoring-overdue", "metabolic-monitoring-overdue");
	}

	@org.junit.jupiter.params.ParameterizedTest(name = "died {0} after the evaluation date -> guidance {1}")
	@org.junit.jupiter.params.provider.CsvSource({"-1, false", "0, false", "1, true", "next year (a year only), true",
			"this year (a year only), false"})
	void deathDatedAfterTheEvaluationDate_leavesThatDaysGuidance(String after, boolean guided) {
		Patient patient = patient(50, "male");
		String death = switch (after) {
			case "next year (a year only)" -> String.valueOf(TODAY.getYear() + 1);
			case "this year (a year only)" -> String.valueOf(TODAY.getYear());
			default -> TODAY.plusDays(Integer.parseInt(after)).toString();
		};
		patient.setDeceased(new org.hl7.fhir.r4.model.DateTimeType(death));

		Guidance guidance = Scenario.of(patient, igf1("o1", 900, TODAY.minusDays(3))).evaluate();

		assertThat(guidance.findings().isEmpty()).isNotEqualTo(guided);
		assertThat(guidance.messages().contains(Scenario.KNOWLEDGE.deceasedNotice())).isNotEqualTo(guided);
	}

	@Test
	void ruleWithoutKnowledgeEntry_isRejectedAtStartup() {
		List<Rule> rules = new ArrayList<>(Rules.all());
		rules.remove(0);

		assertThatThrownBy(() -> new GuidanceEngine(Scenario.KNOWLEDGE, rules))
				.isInstanceOf(KnowledgeException.class)
				.hasMessageContaining("no rule class for [peptide-active-malignancy]");
	}

	@Test
	void dataQualityMessages_areCarriedIntoTheGuidance() {
		Guidance guidance = Scenario.of(patient(40, "male"), igf1("o1", 150, null)).evaluate();

		assertThat(guidance.messages()).containsExactly("IGF-1 Observation/o1 has no effective date; ignored");
	}

	@ParameterizedTest
	@EnumSource(Hook.class)
	void garbageResources_neverMakeTheEngineThrow(Hook hook) {
		PatientRecord record = new PatientRecordAssembler(Scenario.KNOWLEDGE)
				.assemble(garbage(), garbageDrafts(), hook, TODAY, "Observation/weird");

		for (Face face : Face.values()) {
			Guidance guidance = new GuidanceEngine(Scenario.KNOWLEDGE).evaluate(record, face);
			assertThat(guidance.messages()).noneMatch(message -> message.contains("could not be evaluated"));
		}
		assertThat(record.dataQuality()).isNotEmpty();
	}

	private static List<Resource> garbage() {
		List<Resource> resources = new ArrayList<>();
		resources.add(new Patient());
		Patient partial = new Patient();
		partial.setBirthDateElement(new DateType("1980"));
		resources.add(partial);
		resources.add(new Observation());
		Observation noValue = new Observation();
		noValue.setCode(new CodeableConcept(new Coding(Codes.LOINC, Codes.IGF1, null)));
		noValue.setEffective(new DateTimeType("2026-05-01"));
		resources.add(noValue);
		Observation stringValue = new Observation();
		stringValue.setCode(new CodeableConcept(new Coding(Codes.LOINC, Codes.GLUCOSE_MASS, null)));
		stringValue.setEffective(new DateTimeType("2026-05-01"));
		stringValue.setValue(new StringType("high"));
		resources.add(stringValue);
		Observation negative = igf1("neg", -5, TODAY);
		resources.add(negative);
		Observation zeroRange = Fixtures.withRange(igf1("zr", 100, TODAY), 0, 0);
		resources.add(zeroRange);
		Observation monthOnly = igf1("month", 100, null);
		monthOnly.setEffective(new DateTimeType("2026-04"));
		resources.add(monthOnly);
		Observation weirdExercise = new Observation();
		weirdExercise.setCode(new CodeableConcept(new Coding(Codes.LOINC, Codes.EXERCISE_ACTIVITY, null)));
		weirdExercise.setEffective(new Period().setStart(Fixtures.instant(TODAY, 9, 0)).setEnd(Fixtures.instant(TODAY, 8, 0)));
		weirdExercise.setValue(new CodeableConcept(new Coding(Codes.EXERCISE_TYPES, "hiit", null)));
		resources.add(weirdExercise);
		Observation flag = new Observation();
		flag.setCode(new CodeableConcept(new Coding(Codes.OBSERVATION_CODES, "caloric-restriction", null)));
		flag.setEffective(new DateTimeType("2026-05-01"));
		flag.setValue(new BooleanType());
		resources.add(flag);
		Observation insulinPmol = Fixtures.lab("ins", Codes.INSULIN, 60, "pmol/L", TODAY);
		resources.add(insulinPmol);
		Observation hugeSleep = Fixtures.lab("sl", Codes.SLEEP, 1e9, "fortnights", TODAY);
		resources.add(hugeSleep);
		MedicationRequest byReference = new MedicationRequest();
		byReference.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
		byReference.setMedication(new Reference("Medication/x"));
		resources.add(byReference);
		MedicationRequest noDates = peptide("nd", "tesamorelin", "active", null);
		resources.add(noDates);
		resources.add(new MedicationRequest());
		resources.add(new MedicationStatement());
		resources.add(new Condition());
		Condition noStatus = new Condition();
		noStatus.setCode(new CodeableConcept(new Coding(Codes.SNOMED, "363346000", null)));
		resources.add(noStatus);
		resources.add(new ObservationDefinition());
		ObservationDefinition emptyDefinition = new ObservationDefinition();
		emptyDefinition.setCode(new CodeableConcept(new Coding(Codes.LOINC, Codes.IGF1, null)));
		emptyDefinition.addQualifiedInterval();
		resources.add(emptyDefinition);
		resources.add(null);
		Observation quantityNoValue = new Observation();
		quantityNoValue.setCode(new CodeableConcept(new Coding(Codes.LOINC, Codes.HBA1C, null)));
		quantityNoValue.setEffective(new DateTimeType("2026-05-01"));
		quantityNoValue.setValue(new Quantity().setUnit("%"));
		resources.add(quantityNoValue);
		Observation zeroGlucose = glucose("zg", 0, TODAY);
		resources.add(zeroGlucose);
		resources.add(Fixtures.lab("zi", Codes.INSULIN, 0, "u[IU]/mL", TODAY));
		Observation bigDecimal = igf1("big", 1, TODAY);
		bigDecimal.getValueQuantity().setValue(new BigDecimal("1e400"));
		resources.add(bigDecimal);
		return resources;
	}

	private static List<Resource> garbageDrafts() {
		List<Resource> drafts = new ArrayList<>();
		drafts.add(new MedicationRequest());
		drafts.add(new ServiceRequest());
		drafts.add(new Patient());
		drafts.add(peptide("d1", "ibutamoren", "draft", null, "sc"));
		return drafts;
	}
}
