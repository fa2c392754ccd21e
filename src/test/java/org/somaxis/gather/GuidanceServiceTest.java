package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.somaxis.guidance.Fixtures.TODAY;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Fixtures;
import org.somaxis.guidance.GuidanceEngine;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PatientRecordAssembler;
import org.somaxis.guidance.rules.Rule;
import org.somaxis.guidance.rules.RuleContext;
import org.somaxis.guidance.rules.Rules;

/** The one pipeline without a server: messages it must surface, and drafts that win over stored copies. */
class GuidanceServiceTest {
	static final DraftOrderReader READER = new DraftOrderReader(FhirContext.forR4Cached());

	static GuidanceService service(List<Rule> rules) {
		return new GuidanceService(new PatientRecordAssembler(Scenario.KNOWLEDGE),
				new GuidanceEngine(Scenario.KNOWLEDGE, rules), Clock.systemUTC());
	}

	static PatientData data(Resource... resources) {
		List<Resource> all = new ArrayList<>(List.of(Fixtures.patient(45, "male")));
		all.addAll(List.of(resources));
		return PatientData.checked("p1", all, List.of(), Set.of(), "test");
	}

	static DraftOrders drafts(Resource... orders) {
		return drafts(data(), query -> {
			throw new AssertionError("drafts never gather");
		}, orders);
	}

	static DraftOrders drafts(PatientData data, PatientDataSource source, Resource... orders) {
		Bundle bundle = new Bundle();
		for (Resource order : orders) {
			bundle.addEntry().setResource(order);
		}
		return READER.read(bundle, data, source, "draftOrders");
	}

	/** A draft names its drug by a Medication the gathered data holds, or one only the data's source can supply. */
	@ParameterizedTest(name = "Medication {0}")
	@ValueSource(strings = {"among the gathered data", "asked of the source"})
	void aDraftNamingAMedicationOutsideItsBundle_isReadWithItsCode(String where) {
		Medication egrifta = new Medication();
		egrifta.setId("egrifta");
		egrifta.setCode(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", "EGRIFTA SV")));
		MedicationRequest draft = Fixtures.peptide("d1", "tesamorelin", "draft", TODAY);
		draft.setMedication(new Reference("Medication/egrifta"));
		List<Set<String>> asked = new ArrayList<>();
		PatientDataSource source = new PatientDataSource() {
			@Override
			public PatientData gather(PatientQuery query) {
				throw new AssertionError("drafts never gather");
			}

			@Override
			public List<Resource> medications(Set<String> ids) {
				asked.add(ids);
				return where.equals("asked of the source") ? List.of(egrifta) : List.of();
			}
		};
		PatientData data = where.equals("among the gathered data") ? data(egrifta) : data();

		DraftOrders orders = drafts(data, source, draft);
		Evaluated evaluated = service(Rules.all()).evaluate(data, orders, Hook.ORDER_SIGN, TODAY, null, "req-7");

		assertThat(evaluated.record().draftPeptides()).singleElement()
				.satisfies(peptide -> assertThat(peptide.code()).isEqualTo("tesamorelin"));
		assertThat(evaluated.dataMessages()).isEmpty();
		assertThat(asked).isEqualTo(where.equals("asked of the source") ? List.of(Set.of("egrifta")) : List.of());
	}

	@Test
	void aRuleThatThrows_isAFailureToReport_notASilentlyMissingFinding() {
		List<Rule> rules = new ArrayList<>(Rules.all());
		rules.replaceAll(rule -> rule.id().equals("peptide-pregnancy") ? new Rule() {
			@Override
			public String id() {
				return "peptide-pregnancy";
			}

			@Override
			public List<Finding> evaluate(PatientRecord record, Face face, RuleContext context) {
				throw new IllegalStateException("bug in the rule");
			}
		} : rule);

		Evaluated evaluated = service(rules).evaluate(data(), DraftOrders.none(), Hook.PATIENT_VIEW, TODAY, null, "req-1");

		assertThat(evaluated.incomplete()).isTrue();
		assertThat(evaluated.ruleFailures()).singleElement().satisfies(failure -> {
			assertThat(failure.safety()).isTrue();
			assertThat(failure.message()).contains("peptide-pregnancy");
		});
		assertThat(evaluated.messages()).anySatisfy(message -> assertThat(message).contains("peptide-pregnancy"));
	}

	/**
	 * An order signed for a patient recorded as deceased: the cancer's contraindication still comes, and the CDS card
	 * that names the death is a warning (before: no contraindication, and the death an info line among data problems).
	 */
	@Test
	void anOrderForAPatientRecordedAsDeceased_getsTheContraindication_andAWarningToCheckTheChart() {
		org.hl7.fhir.r4.model.Patient deceased = Fixtures.patient(45, "male");
		deceased.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));
		PatientData data = PatientData.checked("p1", List.of(deceased, Fixtures.snomedCondition("c1", "254837009")),
				List.of(), Set.of(), "test");

		Evaluated evaluated = signTesamorelin(data);

		assertThat(evaluated.guidance().findings()).extracting(Finding::ruleId).contains("peptide-active-malignancy");
		org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
		assertThat(card.indicator()).isEqualTo("warning");
		assertThat(card.summary()).isEqualTo("The patient is recorded as deceased: check the chart before signing");
	}

	/** The chart of a patient recorded as deceased with tesamorelin still active: the cancer's card, and a warning card. */
	@Test
	void theChartOfAPatientRecordedAsDeceased_withAPeptideStillActive_getsTheContraindication_andAWarning() {
		org.hl7.fhir.r4.model.Patient deceased = Fixtures.patient(45, "female");
		deceased.setDeceased(new org.hl7.fhir.r4.model.BooleanType(true));
		PatientData data = PatientData.checked("p1", List.of(deceased, Fixtures.snomedCondition("c1", "254837009"),
				Fixtures.peptide("m1", "tesamorelin", "active", TODAY.minusDays(60))), List.of(), Set.of(), "test");

		Evaluated evaluated = service(Rules.all()).evaluate(data, DraftOrders.none(), Hook.PATIENT_VIEW, TODAY, null, "t");

		assertThat(evaluated.guidance().findings()).extracting(Finding::ruleId).contains("peptide-active-malignancy");
		org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
		assertThat(card.indicator()).isEqualTo("warning");
		assertThat(card.summary()).startsWith("The patient is recorded as deceased with a GH-axis peptide still in effect");
	}

	/** An order signed on a record marked inactive and replaced by another (an MPI's merge): a warning to check the chart. */
	@Test
	void anOrderOnARecordReplacedByAnother_getsAWarningToCheckTheChart() {
		org.hl7.fhir.r4.model.Patient replaced = Fixtures.patient(45, "male");
		replaced.setActive(false);
		replaced.addLink().setType(org.hl7.fhir.r4.model.Patient.LinkType.REPLACEDBY).setOther(new Reference("Patient/new"));
		PatientData data = PatientData.checked("p1", List.of(replaced), List.of(), Set.of(), "test");

		Evaluated evaluated = signTesamorelin(data);

		org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
		assertThat(card.indicator()).isEqualTo("warning");
		assertThat(card.summary()).startsWith("This patient record is inactive or replaced by another");
	}

	/**
	 * A tesamorelin draft signed beside a neoplasm the record names and does not count (a code of the malignancy review
	 * set, here SNOMED CT 95116001, a neoplasm of uncertain behaviour of the sublingual gland, which VSAC Cancer lists and
	 * the counted sets do not): the card is a warning that names the Condition. Before, it was an info card among the
	 * data problems.
	 */
	@Test
	void anOrderBesideACancerNamedAndNotCounted_getsAWarningNamingIt() {
		org.hl7.fhir.r4.model.Condition neoplasm = Fixtures.snomedCondition("c1", "95116001");
		PatientData data = PatientData.checked("p1", List.of(Fixtures.patient(45, "female"), neoplasm), List.of(),
				Set.of(), "test");

		Evaluated evaluated = signTesamorelin(data);

		assertThat(evaluated.guidance().findings()).extracting(Finding::ruleId).doesNotContain("peptide-active-malignancy");
		org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
		assertThat(card.indicator()).isEqualTo("warning");
		assertThat(card.summary()).contains("may contraindicate GH-axis peptides");
		assertThat(card.detail()).contains("Condition/c1 (malignancy: 95116001)");
	}

	/**
	 * A tesamorelin order beside a breast cancer in remission and a statement of a drug coded by a 9-digit NDC, which may
	 * be the cancer's treatment (an aromatase inhibitor): the past-malignancy card says no medication in effect was
	 * recognised as its treatment, so the card that says guidance may be incomplete is a warning naming the statement; it was an info card
	 * (probe 72, P72-m4). The same statement ended changes nothing.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
	@org.junit.jupiter.params.provider.CsvSource({"ACTIVE, warning", "COMPLETED, info"})
	void aDrugNotReadBesideAPastCancer_warnsThatItsTreatmentMayBeMissing(
			org.hl7.fhir.r4.model.MedicationStatement.MedicationStatementStatus status, String indicator) {
		org.hl7.fhir.r4.model.Condition cancer = Fixtures.snomedCondition("c1", "254837009");
		cancer.getClinicalStatus().getCodingFirstRep().setCode("remission");
		org.hl7.fhir.r4.model.MedicationStatement statement = new org.hl7.fhir.r4.model.MedicationStatement();
		statement.setId("s1");
		statement.setStatus(status);
		statement.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/p1"));
		statement.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(
				new org.hl7.fhir.r4.model.Coding("http://hl7.org/fhir/sid/ndc", "678900456", null)));
		PatientData data = PatientData.checked("p1", List.of(Fixtures.patient(60, "female"), cancer, statement),
				List.of(), Set.of(), "test");

		Evaluated evaluated = signTesamorelin(data);

		assertThat(evaluated.guidance().findings()).extracting(Finding::ruleId).contains("peptide-past-malignancy");
		org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
		assertThat(card.indicator()).isEqualTo(indicator);
		assertThat(card.summary().contains("may be cancer treatment")).isEqualTo(indicator.equals("warning"));
	}

	/**
	 * A code's display written as markdown (a link, bold text, a script tag) went into the critical card and the
	 * "guidance may be incomplete" card as markup (probe 51, P51-M2): now escaped, so it shows as written; the
	 * {@code $evaluate} face, plain text, gets it as written.
	 */
	@Test
	void recordTextInACard_showsAsWritten_neverAsMarkup() {
		String display = "[link](http://evil.example) **urgent** <script>";
		org.hl7.fhir.r4.model.Condition cancer = Fixtures.snomedCondition("c1", "254837009");
		cancer.getCode().getCodingFirstRep().setDisplay(display);
		org.hl7.fhir.r4.model.Condition unread = Fixtures.snomedCondition("c2", "254837009");
		unread.getCode().getCodingFirstRep().setDisplay(display);
		unread.setClinicalStatus(null);
		PatientData data = PatientData.checked("p1", List.of(Fixtures.patient(45, "female"), cancer, unread), List.of(),
				Set.of(), "test");

		Evaluated evaluated = signTesamorelin(data);

		Finding malignancy = evaluated.guidance().findings().stream()
				.filter(finding -> finding.ruleId().equals("peptide-active-malignancy")).findFirst().orElseThrow();
		String escaped = org.somaxis.guidance.Markdown.escape(display);
		assertThat(malignancy.detail()).contains(escaped).doesNotContain(display);
		assertThat(org.somaxis.guidance.Markdown.plain(malignancy.detail())).contains(display);
		assertThat(incompleteCard(evaluated).detail()).contains(escaped).doesNotContain(display);
	}

	/**
	 * A peptide ordered beside an HbA1c that could not be used (here in a unit with no conversion): the glucose-tolerance
	 * check, critical with MK-677, may be missing, so the card is a warning naming the result. Before, the HbA1c was one
	 * info line among data problems while the critical card was missing (EU probe EU-1). Without a peptide it stays info.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "peptide ordered {0} -> {1}")
	@org.junit.jupiter.params.provider.CsvSource({"true, warning", "false, info"})
	void aGlucoseOrHbA1cThatCouldNotBeUsed_besideAPeptide_getsAWarningNamingIt(boolean ordered, String indicator) {
		org.hl7.fhir.r4.model.Observation hba1c = Fixtures.lab("a1", "4548-4", 53, "mmol/L", TODAY.minusDays(3));
		PatientData data = PatientData.checked("p1", List.of(Fixtures.patient(45, "female"), hba1c), List.of(),
				Set.of(), "test");

		Evaluated evaluated = ordered ? signTesamorelin(data)
				: service(Rules.all()).evaluate(data, DraftOrders.none(), Hook.PATIENT_VIEW, TODAY, null, "t");

		org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
		assertThat(card.indicator()).isEqualTo(indicator);
		assertThat(card.detail()).contains("Observation/a1");
		if (ordered) {
			assertThat(card.summary()).contains("a glucose or HbA1c result could not be used");
		}
	}

	/**
	 * An IGF-1 reported as text (">1000", as reference labs send a result above the assay's range) on a peptide: the checks
	 * of IGF-1 on therapy, critical above +3 SDS, may be missing it, so the card is a warning naming it (the probe's M4).
	 * Not once a readable IGF-1 of a later day supersedes it, nor without a peptide.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
	@org.junit.jupiter.params.provider.CsvSource({"on a peptide, warning", "superseded, info", "no peptide, info"})
	void anIgf1ThatCouldNotBeUsed_besideAPeptide_getsAWarningNamingIt(String context, String indicator) {
		org.hl7.fhir.r4.model.Observation asText = Fixtures.igf1("i1", 100, TODAY.minusDays(5));
		asText.setValue(new org.hl7.fhir.r4.model.StringType(">1000"));
		List<Resource> resources = new ArrayList<>(List.of(Fixtures.patient(45, "male"), asText));
		if (!context.equals("no peptide")) {
			resources.add(Fixtures.peptide("m1", "sermorelin", "active", TODAY.minusDays(120)));
		}
		if (context.equals("superseded")) {
			resources.add(Fixtures.igf1("i2", 150, TODAY.minusDays(1)));
		}
		PatientData data = PatientData.checked("p1", resources, List.of(), Set.of(), "test");

		Evaluated evaluated = service(Rules.all()).evaluate(data, DraftOrders.none(), Hook.PATIENT_VIEW, TODAY, null, "t");

		org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
		assertThat(card.indicator()).isEqualTo(indicator);
		assertThat(card.detail()).contains("Observation/i1");
		assertThat(card.summary().contains("an IGF-1 result could not be used")).isEqualTo(indicator.equals("warning"));
	}

	/**
	 * A peptide ordered for a patient without a birth date, or born in 2008 (17 or 18): the check for a child,
	 * peptide-in-minor, could not run, so the card is a warning naming it. Before, one line of an info card (probe 45,
	 * M2). With a full adult birth date there is no such card.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "birth date {0} -> {1}")
	@org.junit.jupiter.params.provider.CsvSource({"none, warning", "2008, warning", "1980-02-03, none"})
	void aPeptideOrderedForAPatientOfUnknownAge_getsAWarningThatTheMinorCheckDidNotRun(String birthDate, String indicator) {
		org.hl7.fhir.r4.model.Patient patient = Fixtures.patient(45, "male");
		patient.setBirthDateElement(birthDate.equals("none") ? null
				: new org.hl7.fhir.r4.model.DateType(birthDate.equals("2008") ? (TODAY.getYear() - 18) + "" : birthDate));
		PatientData data = PatientData.checked("p1", List.of(patient), List.of(), Set.of(), "test");

		Evaluated evaluated = signTesamorelin(data);

		assertThat(evaluated.guidance().safetyRulesNotEvaluatedForAge())
				.isEqualTo(indicator.equals("none") ? List.of() : List.of("peptide-in-minor"));
		if (!indicator.equals("none")) {
			org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
			assertThat(card.indicator()).isEqualTo(indicator);
			assertThat(card.summary()).contains("the patient's age is unknown");
			assertThat(card.detail()).contains("peptide-in-minor");
		}
	}

	/**
	 * A child known only by the time of birth (patient-birthTime on a birthDate without a value, valid R4): read through
	 * the service, whose reading of values sent as their absence used to drop the birth date with its time, so the child
	 * had no age and peptide-in-minor did not fire (probe 46, N-M2).
	 */
	@Test
	void aChildKnownOnlyByTheTimeOfBirth_getsTheMinorCheck() {
		org.hl7.fhir.r4.model.Patient child = Fixtures.patient(45, "female");
		org.hl7.fhir.r4.model.DateType birthDate = new org.hl7.fhir.r4.model.DateType();
		birthDate.addExtension("http://hl7.org/fhir/StructureDefinition/patient-birthTime",
				new org.hl7.fhir.r4.model.DateTimeType(TODAY.minusYears(14) + "T10:00:00+02:00"));
		child.setBirthDateElement(birthDate);
		PatientData data = PatientData.checked("p1", List.of(child), List.of(), Set.of(), "test");

		Evaluated evaluated = signTesamorelin(data);

		assertThat(evaluated.guidance().findings()).extracting(org.somaxis.guidance.Finding::ruleId).contains("peptide-in-minor");
		assertThat(evaluated.guidance().safetyRulesNotEvaluatedForAge()).isEmpty();
	}

	/**
	 * A breast cancer coded in ICD-9-CM (174.9), as ten years of a legacy system's history carry it, or as text only, beside
	 * a tesamorelin being signed: the contraindication cannot be checked, so the card is a warning naming it. Before, an
	 * info line among data problems (probe 46, N-C1). Without a peptide it stays info.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0}, peptide ordered {1} -> {2}")
	@org.junit.jupiter.params.provider.CsvSource({"http://hl7.org/fhir/sid/icd-9-cm, true, warning",
			"NONE, true, warning", "http://hl7.org/fhir/sid/icd-9-cm, false, info"})
	void aConditionCodedInNoSystemTheGroupsHold_besideAPeptide_getsAWarningNamingIt(String system, boolean ordered,
			String indicator) {
		org.hl7.fhir.r4.model.Condition cancer = Fixtures.condition("c1", system.equals("NONE") ? null : system, "174.9",
				"active");
		if (system.equals("NONE")) {
			cancer.getCode().getCoding().clear();
			cancer.getCode().setText("Malignant neoplasm of breast");
		}
		PatientData data = PatientData.checked("p1", List.of(Fixtures.patient(45, "female"), cancer), List.of(),
				Set.of(), "test");

		Evaluated evaluated = ordered ? signTesamorelin(data)
				: service(Rules.all()).evaluate(data, DraftOrders.none(), Hook.PATIENT_VIEW, TODAY, null, "t");

		org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
		assertThat(card.indicator()).isEqualTo(indicator);
		assertThat(card.detail()).contains("Condition/c1");
		if (ordered) {
			assertThat(evaluated.record().contraindicationsMayBeMissing()).containsExactly("Condition/c1 ("
					+ (system.equals("NONE") ? "Malignant neoplasm of breast" : "174.9")
					+ ", coded in no system the concept groups hold)");
		}
	}

	/** A tesamorelin draft signed (order-sign) for the data's patient, on TODAY. */
	static Evaluated signTesamorelin(PatientData data) {
		return service(Rules.all()).evaluate(data, drafts(data, query -> {
			throw new AssertionError("drafts never gather");
		}, Fixtures.peptide("d1", "tesamorelin", "draft", TODAY)), Hook.ORDER_SIGN, TODAY, null, "test");
	}

	/** The CDS card that says guidance may be incomplete, as the CDS face renders it. */
	static org.somaxis.cdshooks.CdsJson.Card incompleteCard(Evaluated evaluated) {
		return new org.somaxis.cdshooks.CardRenderer(FhirContext.forR4Cached(),
				new com.fasterxml.jackson.databind.ObjectMapper(), org.somaxis.guidance.Scenario.KNOWLEDGE.notices())
				.incomplete(evaluated, "http://localhost/cds-services/rules");
	}

	/**
	 * A draft being signed coded only by an RxNorm code Somaxis does not know may be the peptide (no RxNorm ingredient
	 * code of a peptide is held): beside an active malignancy it is a contraindication that may be missing, the warning,
	 * as a draft in NDC, ATC or SNOMED CT is; it drew an info line (probe 82, P82-M1). Without one nothing is missing.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "malignancy {0} -> may be missing {0}")
	@org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
	void aDraftInAnRxNormCodeSomaxisDoesNotKnow_besideAMalignancy_mayBeThePeptide(boolean malignancy) {
		MedicationRequest draft = Fixtures.peptide("d1", "tesamorelin", "draft", TODAY);
		draft.setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044576", null)));
		draft.setSubject(new Reference("Patient/p1"));
		PatientData data = malignancy ? data(Fixtures.condition("c1", org.somaxis.guidance.record.Codes.SNOMED, "254837009",
				"active")) : data();

		Evaluated evaluated = service(Rules.all()).evaluate(data, drafts(data, query -> {
			throw new AssertionError("drafts never gather");
		}, draft), Hook.ORDER_SIGN, TODAY, null, "req-rxnorm");

		assertThat(evaluated.record().peptideMayBeMissing()).isEqualTo(malignancy);
		assertThat(evaluated.dataMessages()).anySatisfy(message -> assertThat(message).contains("was not recognised as a"
				+ " GH-axis peptide"));
	}

	/**
	 * A compounded blend of tesamorelin and ipamorelin in one vial, its tesamorelin coded as a pharmacy codes it, beside a
	 * hypopituitarism. Tesamorelin's UNIIs (substance and acetate; ConceptMap gh-peptides-to-rxnorm-unii) name it: its
	 * contraindication is critical. A code that names no peptide, beside the ipamorelin, may be the tesamorelin: named,
	 * and the contraindication may be missing. Before, both were read as ipamorelin alone, without a word (the probe's
	 * C1). Another drug in RxNorm, an excipient (mannitol) or an ingredient marked not active is not named.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0} -> critical {1}, may be missing {2}")
	@org.junit.jupiter.params.provider.CsvSource({
			"http://fdasis.nlm.nih.gov,                  MQG94M5EEO, true,  false",
			"http://fdasis.nlm.nih.gov,                  LGW5H38VE3, true,  false",
			"urn:oid:2.16.840.1.113883.3.9999.1.1,       API-TESA,   false, true",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 6809,      false, false",
			"http://fdasis.nlm.nih.gov,                  3OWL53L36A, false, false",
			"inactive,                                   API-TESA,   false, false"})
	void aBlendIngredientCodedAsAPharmacyCodesIt_isReadOrNamed(String system, String code, boolean critical,
			boolean mayBeMissing) {
		Medication vial = new Medication();
		vial.setId("blend");
		vial.getCode().setText("Tesamorelin / ipamorelin 10 mg vial, compounded");
		Medication.MedicationIngredientComponent tesamorelin = vial.addIngredient();
		if (system.equals("inactive")) {
			tesamorelin.setIsActive(false).setItem(new CodeableConcept(
					new Coding("urn:oid:2.16.840.1.113883.3.9999.1.1", code, null)));
		} else {
			tesamorelin.setItem(new CodeableConcept(new Coding(system, code, null)));
		}
		vial.addIngredient().setItem(new CodeableConcept(new Coding(org.somaxis.guidance.record.Codes.GH_PEPTIDES,
				"ipamorelin", null)));
		MedicationRequest draft = Fixtures.peptide("d1", "ipamorelin", "draft", TODAY);
		draft.setMedication(new Reference("#blend"));
		draft.addContained(vial);
		draft.setSubject(new Reference("Patient/p1"));
		PatientData data = data(Fixtures.localCondition("c1", "hypopituitarism"));

		Evaluated evaluated = service(Rules.all()).evaluate(data, drafts(data, query -> {
			throw new AssertionError("drafts never gather");
		}, draft), Hook.ORDER_SIGN, TODAY, null, "req-blend");

		assertThat(evaluated.guidance().findings().stream()
				.anyMatch(finding -> finding.ruleId().equals("tesamorelin-hp-axis-disorder"))).isEqualTo(critical);
		assertThat(evaluated.record().peptideMayBeMissing()).isEqualTo(mayBeMissing);
		assertThat(evaluated.dataMessages().stream().anyMatch(message -> message.contains("may be a second peptide")))
				.isEqualTo(mayBeMissing);
	}

	@Test
	void aDraftMedicationOrderTheRecordCannotRead_isNamed() {
		MedicationRequest rxNormOnly = Fixtures.peptide("rx-1", "tesamorelin", "draft", TODAY);
		rxNormOnly.setMedication(new CodeableConcept(
				new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "999999999", "Unknown product")));
		rxNormOnly.setSubject(new Reference("Patient/p1"));

		Evaluated evaluated = service(Rules.all())
				.evaluate(data(), drafts(rxNormOnly), Hook.ORDER_SIGN, TODAY, null, "req-2");

		assertThat(evaluated.dataMessages())
				.anySatisfy(message -> assertThat(message).contains("MedicationRequest/rx-1", "GH-axis peptide"));
	}

	/**
	 * A growth hormone, testosterone or macimorelin draft is recognised, as no GH-axis peptide: named as what it is, so the
	 * clinician knows the peptide checks did not cover it, not as a drug Somaxis did not recognise (probe 56, P56-m9).
	 */
	@ParameterizedTest(name = "{0}|{1} -> {2}")
	@CsvSource({
			"http://www.whocc.no/atc,                     H01AC01,     growth hormone",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 582969,      growth hormone",
			"http://somaxis.org/fhir/CodeSystem/therapy-codes, testosterone, testosterone",
			"http://www.whocc.no/atc,                     V04CD06,     'macimorelin, a one-dose growth hormone stimulation test'"})
	void aDraftOfGrowthHormoneOrTestosterone_isNamedAsThatTherapy_notAsUnrecognised(String system, String code,
			String therapy) {
		MedicationRequest other = Fixtures.peptide("other-1", "tesamorelin", "draft", TODAY);
		other.setMedication(new CodeableConcept(new Coding(system, code, null)));
		other.setSubject(new Reference("Patient/p1"));

		Evaluated evaluated = service(Rules.all())
				.evaluate(data(), drafts(other), Hook.ORDER_SIGN, TODAY, null, "req-8");

		assertThat(evaluated.record().draftPeptides()).isEmpty();
		assertThat(evaluated.dataMessages()).filteredOn(message -> message.contains("MedicationRequest/other-1"))
				.singleElement().satisfies(message -> assertThat(message).contains("is " + therapy + ", not a GH-axis peptide")
						.doesNotContain("not recognised"));
	}

	/**
	 * Growth hormone being signed for a patient with an active breast cancer (coded as EHRs code it): the peptide checks,
	 * which stop a peptide there, do not cover it, and the CDS card says so as a warning naming the draft. Before, an info
	 * card called the somatropin "not recognised" (probe 56, P56-C4). Without the cancer, the card stays info.
	 */
	@ParameterizedTest(name = "cancer {0} -> {1}")
	@CsvSource({"true, warning", "false, info"})
	void growthHormoneSignedBesideAnActiveCancer_getsAWarningToCheckItsOwnLabel(boolean cancer, String indicator) {
		MedicationRequest somatropin = Fixtures.peptide("gh-1", "tesamorelin", "draft", TODAY);
		somatropin.setMedication(new CodeableConcept(new Coding("http://www.whocc.no/atc", "H01AC01", "somatropin")));
		somatropin.setSubject(new Reference("Patient/p1"));
		PatientData data = cancer ? data(Fixtures.condition("c1", "http://snomed.info/sct", "254837009", "active")) : data();

		Evaluated evaluated = service(Rules.all()).evaluate(data, drafts(data, query -> {
			throw new AssertionError("drafts never gather");
		}, somatropin), Hook.ORDER_SIGN, TODAY, null, "req-9");

		org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
		assertThat(card.indicator()).isEqualTo(indicator);
		assertThat(card.detail()).contains("MedicationRequest/gh-1");
		// the card offers to cancel the draft beside the cancer (it offered nothing: probe 59, P59-m5)
		assertThat(card.suggestions()).hasSize(cancer ? 1 : 0);
		if (cancer) {
			assertThat(card.suggestions().get(0).actions()).singleElement().satisfies(action -> {
				assertThat(action.type()).isEqualTo("delete");
				assertThat(action.resourceId()).isEqualTo("MedicationRequest/gh-1");
			});
		}
		assertThat(evaluated.dataMessages()).filteredOn(message -> message.contains("MedicationRequest/gh-1")).singleElement()
				.satisfies(message -> assertThat(message.contains("growth hormone's own label")).isEqualTo(cancer));
	}

	/**
	 * Growth hormone in effect (an active somatropin order) for a patient with an active breast cancer, on the chart: the
	 * CDS card is a warning naming the order and the cancer, and a message says so on both faces. Before, nothing at all
	 * (probe 57, P57-C1). Without the cancer, nothing.
	 */
	@ParameterizedTest(name = "condition {0}")
	@org.junit.jupiter.params.provider.ValueSource(strings = {"254837009", "74107003", "none"})
	void growthHormoneInEffectBesideAnActiveCancerOrAcromegaly_isNamedOnTheChart(String code) {
		boolean cancer = !code.equals("none"); // a cancer, or acromegaly, which drew an info card (probe 59, P59-C2)
		MedicationRequest somatropin = Fixtures.peptide("gh-2", "tesamorelin", "active", TODAY.minusDays(90));
		somatropin.setMedication(new CodeableConcept(new Coding("http://www.whocc.no/atc", "H01AC01", "somatropin")));
		PatientData data = cancer
				? data(somatropin, Fixtures.condition("c1", "http://snomed.info/sct", code, "active"))
				: data(somatropin);

		Evaluated evaluated = service(Rules.all()).evaluate(data, DraftOrders.none(), Hook.PATIENT_VIEW, TODAY, null, "req-10");

		assertThat(evaluated.dataMessages().stream().anyMatch(message -> message.startsWith("MedicationRequest/gh-2 is growth"
				+ " hormone in effect") && message.contains("Condition/c1"))).isEqualTo(cancer);
		if (cancer) {
			org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
			assertThat(card.indicator()).isEqualTo("warning");
			assertThat(card.detail()).contains("MedicationRequest/gh-2", "Condition/c1");
		}
	}

	/**
	 * Growth hormone being signed or in effect beside a record that may be a malignancy or a critical illness and was
	 * not counted (a neoplasm of unspecified behaviour, D49.9; a sepsis without clinicalStatus): beside a peptide that is a
	 * warning, beside growth hormone alone it was an info line (probe 58). The card is a warning naming both now; beside
	 * a neoplasm of a code no group reviews, or without growth hormone, it is not.
	 */
	@ParameterizedTest(name = "{0} {1} {2}, growth hormone {3} -> {4}")
	@CsvSource({
			"http://hl7.org/fhir/sid/icd-10-cm, D49.9,   active, draft,  warning",
			"http://hl7.org/fhir/sid/icd-10-cm, D49.9,   active, active, warning",
			"http://snomed.info/sct,            91302008, ,      active, warning",
			"http://hl7.org/fhir/sid/icd-10-cm, D49.9,   active, none,   info",
			"http://hl7.org/fhir/sid/icd-10-cm, D22.5,   active, draft,  info"})
	void growthHormoneBesideAConditionNotCounted_thatMayStopAPeptide_getsAWarning(String system, String code,
			String clinicalStatus, String growthHormone, String indicator) {
		MedicationRequest somatropin = Fixtures.peptide("gh-3", "tesamorelin",
				growthHormone.equals("none") ? "draft" : growthHormone, TODAY.minusDays(growthHormone.equals("active") ? 90 : 0));
		somatropin.setMedication(new CodeableConcept(new Coding("http://www.whocc.no/atc", "H01AC01", "somatropin")));
		somatropin.setSubject(new Reference("Patient/p1"));
		org.hl7.fhir.r4.model.Condition condition = Fixtures.condition("c1", system, code, clinicalStatus);
		PatientData data = growthHormone.equals("active") ? data(somatropin, condition) : data(condition);
		DraftOrders drafts = growthHormone.equals("draft") ? drafts(data, query -> {
			throw new AssertionError("drafts never gather");
		}, somatropin) : DraftOrders.none();

		Evaluated evaluated = service(Rules.all()).evaluate(data, drafts,
				growthHormone.equals("draft") ? Hook.ORDER_SIGN : Hook.PATIENT_VIEW, TODAY, null, "req-11");

		org.somaxis.cdshooks.CdsJson.Card card = incompleteCard(evaluated);
		assertThat(card.indicator()).isEqualTo(indicator);
		if (indicator.equals("warning")) {
			assertThat(card.summary()).startsWith("Growth hormone beside a condition that may be one");
			assertThat(card.detail()).contains("MedicationRequest/gh-3", "Condition/c1");
		}
	}

	/**
	 * A draft that could not be read ("Tesamorelin", coded by a malformed RxCUI, or by text alone) beside an allergy
	 * recorded to tesamorelin: it may be the very drug of the allergy, yet the card was info and did not say so (probe
	 * 76, P76-M2). It is a warning now, as beside a cancer; without the allergy it stays info.
	 */
	@ParameterizedTest(name = "code {0}, allergy {1} -> {2}")
	@CsvSource({"01044587, 1044587, warning", ", 1044587, warning", "01044587, , info", "01044587, 21687x3, warning"})
	void aDraftNotRead_besideAnAllergyToAPeptide_getsAWarning(String code, String allergen, String indicator) {
		boolean allergic = allergen != null; // 21687x3: an allergy that cannot be read either (probe 77, P77-m1)
		MedicationRequest draft = Fixtures.peptide("d1", "tesamorelin", "draft", TODAY);
		CodeableConcept unread = new CodeableConcept().setText("Tesamorelin");
		if (code != null) {
			unread.addCoding(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", code, null));
		}
		draft.setMedication(unread);
		draft.setSubject(new Reference("Patient/p1"));
		org.hl7.fhir.r4.model.AllergyIntolerance allergy = new org.hl7.fhir.r4.model.AllergyIntolerance();
		allergy.setId("a1");
		allergy.setPatient(new Reference("Patient/p1"));
		allergy.setClinicalStatus(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", null)));
		allergy.setVerificationStatus(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed", null)));
		allergy.setCode(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", allergen, null)));
		PatientData data = allergic ? data(allergy) : data();

		Evaluated evaluated = service(Rules.all()).evaluate(data, drafts(data, query -> {
			throw new AssertionError("drafts never gather");
		}, draft), Hook.ORDER_SIGN, TODAY, null, "req-12");

		assertThat(incompleteCard(evaluated).indicator()).isEqualTo(indicator);
	}

	@Test
	void aDraftNotToGiveThePeptide_isNamedAsSuch_notAsAnUnrecognisedDrug() {
		MedicationRequest doNotPerform = Fixtures.peptide("dnp-1", "tesamorelin", "draft", TODAY);
		doNotPerform.setDoNotPerform(true);
		doNotPerform.setSubject(new Reference("Patient/p1"));

		Evaluated evaluated = service(Rules.all())
				.evaluate(data(), drafts(doNotPerform), Hook.ORDER_SIGN, TODAY, null, "req-7");

		assertThat(evaluated.record().draftPeptides()).isEmpty();
		assertThat(evaluated.dataMessages()).filteredOn(message -> message.contains("MedicationRequest/dnp-1"))
				.singleElement().satisfies(message -> assertThat(message).contains("doNotPerform")
						.doesNotContain("not recognised"));
	}

	@Test
	void anUnresolvableMedicationReference_isNamed() {
		MedicationRequest byReference = Fixtures.peptide("ref-1", "tesamorelin", "draft", TODAY);
		byReference.setMedication(new Reference("Medication/nowhere"));

		DraftOrders orders = drafts(byReference);

		assertThat(orders.messages()).singleElement()
				.satisfies(message -> assertThat(message).contains("MedicationRequest/ref-1", "Medication/nowhere"));
	}

	@Test
	void aDraftSentWithTheRequest_replacesTheStoredCopyOfTheSameOrder() {
		MedicationRequest stored = Fixtures.peptide("mr-1", "tesamorelin", "draft", TODAY);
		MedicationRequest sent = Fixtures.peptide("mr-1", "ipamorelin", "draft", TODAY);

		Evaluated evaluated = service(Rules.all())
				.evaluate(data(stored), drafts(sent), Hook.ORDER_SELECT, TODAY, null, "req-3");

		assertThat(evaluated.record().peptides()).singleElement()
				.satisfies(order -> assertThat(order.code()).isEqualTo("ipamorelin"));
		assertThat(evaluated.known().get("MedicationRequest/mr-1")).isSameAs(sent);
	}

	/** As EHRs often send them: the drug in a Medication (EGRIFTA SV, RxNorm only), the order pointing at it. */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {"Medication/egrifta", "#egrifta", "https://ehr.example.org/fhir/Medication/egrifta"})
	void aStoredOrderNamingItsDrugThroughAMedication_isReadWithItsCode_andActionsKeepTheOriginal(String reference) {
		Medication egrifta = new Medication();
		egrifta.setId("egrifta");
		egrifta.setCode(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", "EGRIFTA SV")));
		MedicationRequest order = Fixtures.peptide("mr-1", "tesamorelin", "active", TODAY.minusDays(10), "sc");
		order.setMedication(new Reference(reference));
		order.setSubject(new Reference("Patient/p1"));
		PatientData data;
		if (reference.startsWith("#")) {
			order.addContained(egrifta);
			data = data(order);
		} else {
			data = data(order, egrifta);
		}

		Evaluated evaluated = service(Rules.all()).evaluate(data, DraftOrders.none(), Hook.PATIENT_VIEW, TODAY, null, "req-4");

		assertThat(evaluated.record().peptides()).singleElement()
				.satisfies(peptide -> assertThat(peptide.code()).isEqualTo("tesamorelin"));
		assertThat(evaluated.dataMessages()).noneSatisfy(message -> assertThat(message).contains("MedicationRequest/mr-1"));
		MedicationRequest known = (MedicationRequest) evaluated.known().get("MedicationRequest/mr-1");
		assertThat(known.getMedicationReference().getReference()).isEqualTo(reference);
	}

	/** An inline Bundle (POST $evaluate's data) as generators write it: urn:uuid fullUrls and references. */
	@Test
	void anInlineBundleOrderPointingAtAMedicationEntryByUrnUuid_isReadWithItsCode() {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		bundle.addEntry().setFullUrl("urn:uuid:8b0d8f3c-5e8a-4c57-9a0e-3f6d0c2b1a01").setResource(Fixtures.patient(45, "male"));
		Medication egrifta = new Medication();
		egrifta.setCode(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "1044587", "EGRIFTA SV")));
		bundle.addEntry().setFullUrl("urn:uuid:8b0d8f3c-5e8a-4c57-9a0e-3f6d0c2b1a02").setResource(egrifta);
		MedicationRequest order = Fixtures.peptide("mr-1", "tesamorelin", "active", TODAY.minusDays(10), "sc");
		order.setIdElement(null);
		order.setMedication(new Reference("urn:uuid:8b0d8f3c-5e8a-4c57-9a0e-3f6d0c2b1a02"));
		order.setSubject(new Reference("urn:uuid:8b0d8f3c-5e8a-4c57-9a0e-3f6d0c2b1a01"));
		bundle.addEntry().setFullUrl("urn:uuid:8b0d8f3c-5e8a-4c57-9a0e-3f6d0c2b1a03").setResource(order);

		PatientData data = new BundleSource(bundle, "data").gather(new PatientQuery(null, TODAY));
		Evaluated evaluated = service(Rules.all()).evaluate(data, DraftOrders.none(), Hook.PATIENT_VIEW, TODAY, null, "req-6");

		assertThat(evaluated.record().peptides()).singleElement()
				.satisfies(peptide -> assertThat(peptide.code()).isEqualTo("tesamorelin"));
	}

	@Test
	void aStoredStatementWhoseMedicationCannotBeResolved_isNamed() {
		MedicationStatement statement = new MedicationStatement();
		statement.setId("ms-1");
		statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
		statement.setSubject(new Reference("Patient/p1"));
		statement.setMedication(new Reference("Medication/not-sent"));

		Evaluated evaluated = service(Rules.all())
				.evaluate(data(statement), DraftOrders.none(), Hook.PATIENT_VIEW, TODAY, null, "req-5");

		assertThat(evaluated.dataMessages())
				.anySatisfy(message -> assertThat(message).contains("MedicationStatement/ms-1", "by reference"));
	}

	/** A draftOrders Bundle the parser refuses (an entry's resource without resourceType) says what the parser found. */
	@Test
	void draftOrdersThatCannotBeParsed_sayWhatIsWrong() throws Exception {
		var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
				"{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [{\"resource\": {}}]}");

		assertThatThrownBy(() -> READER.read(node, data(), query -> {
			throw new AssertionError("a Bundle that cannot be read gathers nothing");
		}, "context.draftOrders"))
				.isInstanceOf(GatherException.class)
				.hasMessageStartingWith("context.draftOrders cannot be read as a FHIR R4 Bundle: ")
				.hasMessageContaining("resourceType");
	}

	/** Drafts inside a Bundle inside draftOrders would reach no rule: refused where they are, not skipped. */
	@Test
	void draftOrdersInANestedBundle_areRefused_notSkipped() {
		Bundle inner = new Bundle();
		inner.addEntry().setResource(Fixtures.peptide("d1", "sermorelin", "draft", TODAY));
		Bundle outer = new Bundle();
		outer.addEntry().setResource(inner);

		assertThatThrownBy(() -> READER.read(outer, data(), query -> {
			throw new AssertionError("refused before any gathering");
		}, "draftOrders"))
				.isInstanceOfSatisfying(GatherException.class, e -> {
					assertThat(e.reason()).isEqualTo(GatherException.Reason.MALFORMED);
					assertThat(e.location()).isEqualTo("draftOrders.entry[0]");
				})
				.hasMessageContaining("holds a Bundle");
	}
}
