package org.somaxis.guidance.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.somaxis.guidance.Fixtures.TODAY;
import static org.somaxis.guidance.Fixtures.peptide;
import static org.somaxis.guidance.Fixtures.testosterone;

import java.util.Arrays;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.record.Codes;
import org.somaxis.guidance.Severity;

class OrderRulesTest {

	/** "a+b": a is already active, b is the draft being ordered. */
	private static Scenario ordering(String active, String draft) {
		Scenario scenario = Scenario.of();
		if (!active.equals("none")) {
			scenario.with(peptide("m1", active, "active", TODAY.minusDays(30)));
		}
		MedicationRequest[] drafts = Arrays.stream(draft.split("\\+"))
				.map(code -> peptide("d-" + code, code, "draft", TODAY))
				.toArray(MedicationRequest[]::new);
		return scenario.drafts(drafts);
	}

	@ParameterizedTest(name = "active {0}, drafts {1} -> {2}")
	@CsvSource({
			"sermorelin,  cjc-1295-dac,               warning",
			"none,        cjc-1295-dac+cjc-1295-no-dac, warning",
			"none,        tesamorelin+sermorelin,      warning",
			"sermorelin,  sermorelin,                 none",
			"sermorelin,  ipamorelin,                 none",
			"none,        ipamorelin+hexarelin,        none"})
	void duplicateGhrhAnalogues(String active, String drafts, String expected) {
		assertThat(Outcome.of(ordering(active, drafts), "duplicate-ghrh-analogues")).isEqualTo(expected);
	}

	@Test
	void duplicateGhrh_suggestsRemovingTheDraftOnly() {
		Finding finding = ordering("sermorelin", "cjc-1295-dac").findings("duplicate-ghrh-analogues").get(0);

		assertThat(finding.suggestions().get(0).actions()).containsExactly(Action.delete("MedicationRequest/d-cjc-1295-dac"));
	}

	@ParameterizedTest(name = "active {0}, drafts {1} -> {2}")
	@CsvSource({
			"none,         cjc-1295-no-dac+ipamorelin, info",
			"cjc-1295-dac, ipamorelin,                info",
			"tesamorelin,  ibutamoren,                info",
			"none,         ipamorelin+hexarelin,       none",
			"none,         sermorelin,                none"})
	void ghrhPlusGhsCombination(String active, String drafts, String expected) {
		assertThat(Outcome.of(ordering(active, drafts), "ghrh-plus-ghs-combination")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} by {1} -> {2}")
	@CsvSource({
			"ibutamoren,  oral, none",
			"ibutamoren,  sc,   warning",
			"ipamorelin,  oral, warning",
			"sermorelin,  sc,   none",
			"tesamorelin, oral, warning",
			"tesamorelin, 47625008, warning",
			"tesamorelin, 78421000, warning",
			"ibutamoren,  47625008, warning"})
	void routeMismatch(String code, String route, String expected) {
		org.hl7.fhir.r4.model.MedicationRequest draft = peptide("d1", code, "draft", TODAY, route.length() > 4 ? null : route);
		if (route.length() > 4) { // a SNOMED CT route code: intravenous 47625008, intramuscular 78421000
			draft.getDosageInstructionFirstRep().setRoute(new org.hl7.fhir.r4.model.CodeableConcept(
					new org.hl7.fhir.r4.model.Coding(org.somaxis.guidance.record.Codes.SNOMED, route, null)));
		}
		Scenario scenario = Scenario.of().drafts(draft);

		assertThat(Outcome.of(scenario, "route-mismatch")).isEqualTo(expected);
	}

	/**
	 * A draft of MK-677 with two dosage instructions, the first oral and the second subcutaneous: only the first was
	 * checked, so the subcutaneous one drew nothing. A route in any instruction that the peptide is not given by counts.
	 */
	@ParameterizedTest(name = "second instruction {0} -> {1}")
	@CsvSource({"sc, warning", "oral, none"})
	void routeMismatch_inASecondDosageInstruction_isChecked(String second, String expected) {
		org.hl7.fhir.r4.model.MedicationRequest draft = peptide("d1", "ibutamoren", "draft", TODAY, "oral");
		draft.addDosageInstruction(peptide("x", "ibutamoren", "draft", TODAY, second).getDosageInstructionFirstRep());

		assertThat(Outcome.of(Scenario.of().drafts(draft), "route-mismatch")).isEqualTo(expected);
	}

	/**
	 * Routes coded in HL7 v2 table 0162, as a v2 pharmacy order carries them through a converter (under THO's URI, FHIR
	 * R2's or the HL7 OID), and in HL7 v3 RouteOfAdministration, as C-CDA does: SC, SQ and PO are read as the SNOMED CT
	 * routes (ConceptMap v2-routes-to-snomed), the others the map lists as a route that is neither. They were named as
	 * not checked, and MK-677 ordered SC drew no card (probe 46, N-M4; probe 47, R-m3).
	 */
	@ParameterizedTest(name = "{0} {1} {2} -> {3}")
	@CsvSource({
			"ibutamoren,  http://terminology.hl7.org/CodeSystem/v2-0162, SC, warning",
			"ibutamoren,  http://hl7.org/fhir/v2/0162,                   PO, none",
			"tesamorelin, urn:oid:2.16.840.1.113883.12.162,              PO, warning",
			"tesamorelin, http://terminology.hl7.org/CodeSystem/v2-0162, sc, none",
			"tesamorelin, http://terminology.hl7.org/CodeSystem/v2-0162, IM, warning",
			// not a code of the table (a local spelling of subcutaneous), and Other/Miscellaneous: not checked, named
			"tesamorelin, http://terminology.hl7.org/CodeSystem/v2-0162, SQ, none",
			"ibutamoren,  http://terminology.hl7.org/CodeSystem/v2-0162, OTH, none",
			// HL7 v3 RouteOfAdministration, as C-CDA carries it (under its OID too)
			"ibutamoren,  http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration, SQ, warning",
			"tesamorelin, urn:oid:2.16.840.1.113883.5.112,               SQ, none",
			"tesamorelin, http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration, IVINJ, warning",
			"ibutamoren,  http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration, PO, none"})
	void routeMismatch_readsHl7V2Routes(String peptide, String system, String code, String expected) {
		org.hl7.fhir.r4.model.MedicationRequest draft = peptide("d1", peptide, "draft", TODAY);
		draft.getDosageInstructionFirstRep().setRoute(new org.hl7.fhir.r4.model.CodeableConcept(
				new org.hl7.fhir.r4.model.Coding(system, code, null)));

		Scenario scenario = Scenario.of().drafts(draft);

		assertThat(Outcome.of(scenario, "route-mismatch")).isEqualTo(expected);
		boolean listed = !(system.endsWith("v2-0162") && code.equals("SQ")) && !code.equals("OTH");
		assertThat(scenario.record().dataQuality().stream().anyMatch(message -> message.contains("route is not checked")))
				.isEqualTo(!listed);
		if (code.equals("IM")) {
			assertThat(scenario.findings("route-mismatch").get(0).summary()).contains("HL7 v2 IM");
		}
	}

	/** A record that MK-677 was given by injection is evidence of therapy, not an order to correct. */
	@Test
	void routeMismatch_isNotFoundOnAnAdministration() {
		org.hl7.fhir.r4.model.MedicationAdministration given =
				org.somaxis.guidance.Fixtures.administered("a1", "ibutamoren", "completed", TODAY.minusDays(1));
		given.getDosage().setRoute(new org.hl7.fhir.r4.model.CodeableConcept(
				new org.hl7.fhir.r4.model.Coding(Codes.SNOMED, Codes.SUBCUTANEOUS_ROUTE, null)));

		assertThat(Outcome.of(Scenario.of(given).hook(org.somaxis.guidance.Hook.ORDER_SIGN), "route-mismatch"))
				.isEqualTo("none");
	}

	/**
	 * A blend (one order, two peptides coded as its ingredients): one card per order, naming both when both are off their
	 * route. When the blend's peptides are not given by one route (MK-677 in a vial with ipamorelin), no route is set: "Set
	 * the route to oral" would order the ipamorelin by mouth. Before, each peptide drew its own card (the probe's m2), and
	 * the MK-677 card set the whole product to oral (M2).
	 */
	@ParameterizedTest(name = "{0}+{1} {2} -> {3}")
	@CsvSource(delimiter = '|', value = {
			"cjc-1295-no-dac | ipamorelin | oral | CJC-1295 (no DAC), Ipamorelin ordered oral; usual route is subcutaneous=26643006->34206005",
			"ibutamoren      | ipamorelin | sc   | Ibutamoren (MK-677) ordered subcutaneous; usual route is oral=no action",
			"ibutamoren      | ipamorelin | oral | Ipamorelin ordered oral; usual route is subcutaneous=no action"})
	void routeMismatch_onABlend_isOneCardPerOrder_andSetsNoRouteTheBlendCannotHave(String first, String second,
			String route, String expected) {
		MedicationRequest blend = peptide("d1", first, "draft", TODAY, route);
		blend.getMedicationCodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding(Codes.GH_PEPTIDES, second, null));

		java.util.List<Finding> findings = Scenario.of().drafts(blend).findings("route-mismatch");

		assertThat(findings).singleElement().satisfies(finding -> {
			String actions = finding.suggestions().stream().flatMap(suggestion -> suggestion.actions().stream())
					.map(action -> route + "->" + action.change().routeCode()).findFirst().orElse("no action");
			assertThat(finding.summary() + "=" + actions.replace("oral->", "26643006->").replace("sc->", "34206005->"))
					.isEqualTo(expected);
		});
	}

	@Test
	void routeMismatch_withoutARoute_staysQuiet() {
		assertThat(Outcome.of(Scenario.of().drafts(peptide("d1", "ibutamoren", "draft", TODAY)), "route-mismatch"))
				.isEqualTo("none");
	}

	@ParameterizedTest(name = "{1}: {0} -> {2}")
	@CsvSource({
			"tesamorelin,     US, none",
			"sermorelin,      US, info",
			"hexarelin,       US, info",
			"ibutamoren,      US, info",
			"ipamorelin,      US, warning",
			"cjc-1295-dac,    US, warning",
			"cjc-1295-no-dac, US, warning",
			"tesamorelin,     CN, warning",
			"ipamorelin,      CN, warning"})
	void regulatoryStatus(String code, String jurisdiction, String expected) {
		Scenario scenario = Scenario.of().jurisdiction(jurisdiction).drafts(peptide("d1", code, "draft", TODAY));

		assertThat(Outcome.of(scenario, "regulatory-status")).isEqualTo(expected);
	}

	@Test
	void regulatoryStatus_givesOneFindingPerPeptideAndCitesTheSource() {
		Scenario scenario = Scenario.of().drafts(peptide("d1", "ipamorelin", "draft", TODAY),
				peptide("d2", "cjc-1295-no-dac", "draft", TODAY));

		assertThat(scenario.findings("regulatory-status"))
				.extracting(Finding::summary)
				.containsExactly("CJC-1295 (no DAC): restricted in United States (FDA)",
						"Ipamorelin: restricted in United States (FDA)");
		assertThat(scenario.findings("regulatory-status").get(0).citations())
				.anySatisfy(citation -> assertThat(citation.url()).startsWith("https://www.fda.gov/"));
	}

	@ParameterizedTest(name = "testosterone {0}, peptide {1} -> {2}")
	@CsvSource({"true, true, info", "true, false, none", "false, true, none"})
	void testosteroneSynergy(boolean onTestosterone, boolean onPeptide, String expected) {
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.patient(40, "male"));
		if (onTestosterone) {
			scenario.with(testosterone("t1"));
		}
		if (onPeptide) {
			scenario.with(peptide("m1", "sermorelin", "active", TODAY.minusDays(30)));
		}

		assertThat(Outcome.of(scenario.hook(Hook.PATIENT_VIEW), "testosterone-synergy")).isEqualTo(expected);
	}

	/**
	 * Testosterone coded as EHRs, pharmacies and European systems code it (ValueSet testosterone-therapy-medications):
	 * read as testosterone therapy. Before, only the local code was, and these were another drug.
	 */
	@ParameterizedTest(name = "{0}|{1} -> {2}")
	@CsvSource({
			"http://www.whocc.no/atc,                     G03BA03,   info",
			"http://snomed.info/sct,                      43688007,  info",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 10379,     info",
			"http://www.nlm.nih.gov/research/umls/rxnorm, 835829,    info",
			"http://hl7.org/fhir/sid/ndc,                 0009-0347, info",
			"http://www.whocc.no/atc,                     G03BA02,   none"})
	void testosteroneCodedAsSystemsCodeIt_isTestosteroneTherapy(String system, String code, String expected) {
		org.hl7.fhir.r4.model.MedicationStatement statement = testosterone("t1");
		statement.setMedication(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(system, code, null)));
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.patient(40, "male"), statement,
				peptide("m1", "sermorelin", "active", TODAY.minusDays(30)));

		assertThat(Outcome.of(scenario.hook(Hook.PATIENT_VIEW), "testosterone-synergy")).isEqualTo(expected);
	}

	@Test
	void criticalFindings_carryOverrideReasonsAndOthersDoNot() {
		Scenario scenario = Scenario.of(org.somaxis.guidance.Fixtures.glucose("g1", 130, TODAY))
				.drafts(peptide("d1", "ibutamoren", "draft", TODAY));

		Finding critical = scenario.findings("glucose-intolerance-on-gh-therapy").get(0);
		Finding info = scenario.findings("regulatory-status").get(0);
		assertThat(critical.severity()).isEqualTo(Severity.CRITICAL);
		assertThat(critical.overrideReasons()).isNotEmpty();
		assertThat(info.overrideReasons()).isEmpty();
	}
}
