package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Fixtures;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.Scenario;
import org.somaxis.guidance.record.PatientRecord;

/**
 * Accepting a card's stop ends the dosing on the day evaluated, as EHRs date a stop; before, the stopped order gave no
 * end, so an IGF-1 drawn soon after was read as untreated and sent for an acromegaly work-up (probe 59, P59-M1).
 */
class ActionResourcesTest {
	private static final LocalDate TODAY = Fixtures.TODAY;

	private static MedicationRequest changed(MedicationRequest order, Action.Change change) {
		Resource resource = ActionResources.changed(Action.update("MedicationRequest/" + order.getIdElement().getIdPart(),
				"Set status", change), Map.of("MedicationRequest/" + order.getIdElement().getIdPart(), order)).orElseThrow();
		return (MedicationRequest) resource;
	}

	/** bounds: "start..end" as the order gives them, "duration" for a boundsDuration; the end after the stop, or none. */
	@ParameterizedTest(name = "bounds {0}, {1} -> end {2}")
	@CsvSource({
			"2026-01-01.., stopped, TODAY",
			"2026-01-01..2027-01-01, stopped, TODAY",
			"2026-01-01..2026-03-01, stopped, 2026-03-01",
			"2099-01-01.., stopped, none",
			"duration, stopped, none",
			"2026-01-01.., on-hold, none"})
	void aStop_endsTheDosingOnTheDayEvaluated(String bounds, String status, String end) {
		MedicationRequest order = Fixtures.peptide("m1", "cjc-1295-dac", "active", TODAY.minusDays(120));
		var repeat = order.getDosageInstructionFirstRep().getTiming().getRepeat();
		if (bounds.equals("duration")) {
			repeat.setBounds(new Duration().setValue(90).setCode("d").setSystem("http://unitsofmeasure.org"));
		} else {
			String[] parts = bounds.split("\\.\\.", -1);
			repeat.getBoundsPeriod().setStartElement(new DateTimeType(parts[0]));
			if (!parts[1].isEmpty()) {
				repeat.getBoundsPeriod().setEndElement(new DateTimeType(parts[1]));
			}
		}

		MedicationRequest stopped = changed(order, Action.Change.status(status, null, "why",
				status.equals("stopped") ? TODAY : null));

		var after = stopped.getDosageInstructionFirstRep().getTiming().getRepeat();
		String expected = end.equals("TODAY") ? TODAY.toString() : end;
		if (expected.equals("none")) {
			assertThat(after.hasBoundsPeriod() && after.getBoundsPeriod().hasEnd()).isFalse();
		} else {
			assertThat(after.getBoundsPeriod().getEndElement().getValueAsString()).isEqualTo(expected);
		}
		assertThat(after.hasBoundsDuration()).isEqualTo(bounds.equals("duration"));
	}

	/** The stopped order, read back, dates the peptide's end, and a high IGF-1 soon after is read in that light. */
	@org.junit.jupiter.api.Test
	void aStoppedOrderReadBack_explainsAHighIgf1DrawnSoonAfter() {
		LocalDate stopDay = TODAY.minusDays(19);
		MedicationRequest order = Fixtures.peptide("m1", "cjc-1295-dac", "active", stopDay.minusDays(120));
		MedicationRequest stopped = changed(order, Action.Change.status("stopped", null, "why", stopDay));

		PatientRecord record = Scenario.of(Fixtures.patient(45, "male"), stopped,
				Fixtures.withRange(Fixtures.igf1("o1", 420, TODAY.minusDays(1)), 52, 328)).hook(Hook.PATIENT_VIEW).record();

		assertThat(record.endedWithin(TODAY.minusDays(1), 28)).singleElement()
				.satisfies(ended -> assertThat(ended.resourceId()).isEqualTo("MedicationRequest/m1"));
	}

	/** A statement the patient reports taking is stopped the same way. */
	@org.junit.jupiter.api.Test
	void aStoppedStatement_endsItsDosingToo() {
		MedicationStatement statement = new MedicationStatement();
		statement.setId("s1");
		statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
		statement.addDosage().getTiming().getRepeat().getBoundsPeriod().setStartElement(new DateTimeType("2026-06-01"));

		MedicationStatement stopped = (MedicationStatement) ActionResources.changed(Action.update("MedicationStatement/s1",
				"Set status", Action.Change.status("stopped", null, "why", TODAY)), Map.of("MedicationStatement/s1", statement))
				.orElseThrow();

		assertThat(stopped.getDosageFirstRep().getTiming().getRepeat().getBoundsPeriod().getEndElement().getValueAsString())
				.isEqualTo(TODAY.toString());
	}

	/**
	 * An order with no dosage, or one bounded by a duration, ends its supply's validity instead; a statement its
	 * effective period too; a period starting that very day at a time ends when it starts, so that the server accepts
	 * its own stop (R4's per-1). Before, no end at all, or a 422 on the stop (probe 61, P61-M2, P61-m3).
	 */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"no dosage", "duration", "taper"})
	void aStopWithNoDosageToEnd_endsTheSupplysValidity(String shape) {
		MedicationRequest order = Fixtures.peptide("m1", "cjc-1295-dac", "active", TODAY.minusDays(120));
		if (shape.equals("no dosage")) {
			order.setDosageInstruction(new java.util.ArrayList<>());
		} else if (shape.equals("taper")) {
			// a first step that ended, and an open one bounded by weeks (probe 62, P62-m1)
			order.getDosageInstructionFirstRep().getTiming().getRepeat().getBoundsPeriod()
					.setStartElement(new DateTimeType("2026-01-01")).setEndElement(new DateTimeType("2026-03-01"));
			order.addDosageInstruction().getTiming().getRepeat()
					.setBounds(new Duration().setValue(12).setCode("wk").setSystem("http://unitsofmeasure.org"));
		} else {
			order.getDosageInstructionFirstRep().getTiming().getRepeat()
					.setBounds(new Duration().setValue(90).setCode("d").setSystem("http://unitsofmeasure.org"));
		}

		MedicationRequest stopped = changed(order, Action.Change.status("stopped", null, "why", TODAY));

		assertThat(stopped.getDispenseRequest().getValidityPeriod().getEndElement().getValueAsString())
				.isEqualTo(TODAY.toString());
	}

	@org.junit.jupiter.api.Test
	void aStopOnTheDayTheDosingStartsAtATime_endsWhenItStarts() {
		MedicationRequest order = Fixtures.peptide("m1", "cjc-1295-dac", "active", TODAY);
		order.getDosageInstructionFirstRep().getTiming().getRepeat().getBoundsPeriod()
				.setStartElement(new DateTimeType(TODAY + "T18:00:00+01:00"));

		MedicationRequest stopped = changed(order, Action.Change.status("stopped", null, "why", TODAY));

		var bounds = stopped.getDosageInstructionFirstRep().getTiming().getRepeat().getBoundsPeriod();
		assertThat(bounds.getEndElement().getValueAsString()).isEqualTo(TODAY + "T18:00:00+01:00");
	}

	@ParameterizedTest(name = "effective {0}")
	@CsvSource({"none", "dateTime"})
	void aStoppedStatementWithoutDosage_endsItsEffectivePeriod(String effective) {
		MedicationStatement statement = new MedicationStatement();
		statement.setId("s2");
		statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
		if (effective.equals("dateTime")) {
			statement.setEffective(new DateTimeType("2026-01-15")); // it gave no end at all (probe 62, P62-M1)
		}

		MedicationStatement stopped = (MedicationStatement) ActionResources.changed(Action.update("MedicationStatement/s2",
				"Set status", Action.Change.status("stopped", null, "why", TODAY)), Map.of("MedicationStatement/s2", statement))
				.orElseThrow();

		assertThat(stopped.getEffectivePeriod().getEndElement().getValueAsString()).isEqualTo(TODAY.toString());
		assertThat(stopped.getEffectivePeriod().hasStart()).isEqualTo(effective.equals("dateTime"));
	}

	/**
	 * A lab order due later (a repeat in 4-6 weeks, once an ended therapy has worn off) carries when as its
	 * {@code occurrencePeriod}, start and end or either alone; one due now carries none (probe 59, P59-m7: every order
	 * was for now, beside a text that said later).
	 */
	@ParameterizedTest(name = "due {0}..{1}")
	@CsvSource({"28, 42", "19, ", ", 42", ", "})
	void aLabOrderDueLater_carriesWhenAsItsOccurrencePeriod(Integer fromDays, Integer toDays) {
		LocalDate from = fromDays == null ? null : TODAY.plusDays(fromDays);
		LocalDate to = toDays == null ? null : TODAY.plusDays(toDays);

		org.hl7.fhir.r4.model.ServiceRequest order =
				ActionResources.labOrder(Action.orderLab("2484-4", "IGF-1", from, to), "Patient/p1");

		assertThat(order.hasOccurrence()).isEqualTo(from != null || to != null);
		if (order.hasOccurrence()) {
			org.hl7.fhir.r4.model.Period due = order.getOccurrencePeriod();
			assertThat(due.hasStart() ? due.getStartElement().getValueAsString() : null)
					.isEqualTo(from == null ? null : from.toString());
			assertThat(due.hasEnd() ? due.getEndElement().getValueAsString() : null)
					.isEqualTo(to == null ? null : to.toString());
		}
	}
}
