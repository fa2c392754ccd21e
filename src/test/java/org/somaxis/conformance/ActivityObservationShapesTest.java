package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sleep and exercise Observations in the shapes wearables, patient apps and the HL7 Physical Activity IG send them,
 * against the server's validator (the code path of every write and of {@code $validate}). A shape that is valid R4 is
 * never refused because the guidance cannot read it: the guidance names it at evaluation, and the write draws at most a
 * warning. What contradicts what the data means (a duration in a UCUM unit that is no time, a session the guidance
 * cannot date) is refused. Fixtures: {@code src/test/resources/intake/activity/}, the external probe's shapes.
 */
class ActivityObservationShapesTest {
	static final Path FIXTURES = Path.of(IntakeContract.FIXTURES, "activity");

	/**
	 * file | accepted or refused | for an accepted shape the warning of our profiles it draws ("-": none of ours); for a
	 * refused one a text of its error.
	 */
	static final String SHAPES = """
			exercise-pa-ig-effective-datetime.json       | accepted | -
			exercise-pa-ig-declaring-its-profile.json    | accepted | -
			exercise-period-without-end.json             | accepted | -
			exercise-activity-as-text.json               | accepted | exs-12
			exercise-only-data-absent-reason.json        | accepted | exs-12
			exercise-duration-in-h.json                  | accepted | -
			exercise-duration-in-s.json                  | accepted | -
			exercise-duration-minutes-as-text.json       | accepted | -
			exercise-duration-unit-unreadable.json       | accepted | exs-11
			exercise-vigorous-minutes-in-h.json          | accepted | -
			exercise-heart-rate-in-beats-per-min.json    | accepted | -
			exercise-heart-rate-as-integer.json          | accepted | -
			exercise-heart-rate-in-kg.json               | accepted | exs-4
			exercise-calories-in-Cal.json                | accepted | -
			exercise-load-in-pounds.json                 | accepted | -
			exercise-loinc-answer-outside-the-fragment.json | accepted | -
			exercise-duration-in-kg.json                 | refused  | exs-1
			exercise-effective-timing.json               | refused  | effectiveTiming is not known
			exercise-without-effective.json              | refused  | Observation.effective[x]: minimum required = 1
			sleep-in-s.json                              | accepted | -
			sleep-in-ms.json                             | accepted | -
			sleep-in-d.json                              | accepted | -
			sleep-in-annotated-h.json                    | accepted | -
			sleep-hours-as-text.json                     | accepted | -
			sleep-hr-as-text.json                        | accepted | -
			sleep-h-as-text-without-code.json            | accepted | -
			sleep-without-unit.json                      | accepted | sleep-3
			sleep-as-string.json                         | accepted | sleep-3
			sleep-stage-components-only.json             | accepted | sleep-2
			sleep-no-value-no-data-absent-reason.json    | accepted | sleep-2
			sleep-in-percent.json                        | refused  | sleep-1
			sleep-in-kg.json                             | refused  | sleep-1
			sleep-unit-code-without-system.json          | refused  | qty-3
			""";

	@ParameterizedTest(name = "{0}: {1} {2}")
	@CsvSource(delimiter = '|', textBlock = SHAPES)
	void activityShape_isAcceptedUnlessItContradictsWhatItMeans(String file, String outcome, String expected)
			throws IOException {
		Observation observation = fixture(file);
		assertThat(ProfileInference.profilesFor(observation))
				.containsAnyOf(ProfileInference.SLEEP, ProfileInference.EXERCISE);

		Artefacts.assertShape(observation, outcome, expected, OUR_KEY);
	}

	/**
	 * A session whose components the profile has no slice for (steps, as Apple Health sends them): one information issue
	 * per such component, naming the slices it did not match in its text. HAPI made an issue of each slice, the same
	 * words ten times per component (probe 63, P63-m11).
	 */
	@Test
	void componentsMatchingNoSlice_areEachNamedInOneIssue() throws IOException {
		Observation session = fixture("exercise-calories-in-Cal.json");
		session.addComponent().setValue(new Quantity().setValue(4000).setUnit("steps")
						.setSystem("http://unitsofmeasure.org").setCode("{steps}"))
				.getCode().addCoding().setSystem("http://loinc.org").setCode("55423-8");
		session.addComponent().setValue(new Quantity().setValue(4100).setUnit("steps")
						.setSystem("http://unitsofmeasure.org").setCode("{steps}"))
				.getCode().addCoding().setSystem("http://loinc.org").setCode("55423-8");

		org.hl7.fhir.r4.model.OperationOutcome outcome =
				TypedMessage.outcome(Artefacts.FHIR, Artefacts.validator().validate(session, List.of()));

		List<org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent> noSlice = outcome.getIssue().stream()
				.filter(issue -> issue.getDiagnostics().contains("does not match any known slice")).toList();
		assertThat(noSlice).extracting(issue -> issue.getExpression().get(0).getValue())
				.containsExactly("Observation.component[2]", "Observation.component[3]");
		assertThat(noSlice).allSatisfy(issue -> assertThat(issue.getDiagnostics())
				.contains("Does not match slice 'duration'", "Does not match slice 'rpe'"));
	}

	private static final Pattern OUR_KEY = Pattern.compile("\\b(sleep|exs)-\\d+\\b");

	/**
	 * Every UCUM unit of time, as the UCUM essence defines them (s with a metric prefix, min, h, d, wk, mo, a and their
	 * calendar variants, optionally annotated), is a duration the guidance converts: the profiles accept each without a
	 * word, for sleep and for a session's duration alike.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {"s", "ms", "us", "ks", "min", "h", "d", "wk", "mo", "mo_s", "mo_j", "mo_g", "a", "a_t", "a_j",
		"a_g", "h{sleep}", "min{total}"})
	void everyUcumUnitOfTime_isADurationTheGuidanceConverts_andTheProfilesAccept(String unit) throws Exception {
		assertThat(ucum().convert(new Decimal("1"), unit, "min")).as("UCUM converts %s to min", unit).isNotNull();

		Observation sleep = fixture("sleep-in-s.json");
		sleep.setValue(ucum(unit));
		Observation session = fixture("exercise-duration-in-h.json");
		session.getComponentFirstRep().setValue(ucum(unit));

		for (Observation observation : List.of(sleep, session)) {
			List<SingleValidationMessage> messages = Artefacts.validator().validate(observation, List.of());
			assertThat(messages).as(Artefacts.describe(messages))
					.noneMatch(ResourceValidator::isError)
					.noneMatch(m -> OUR_KEY.matcher(m.getMessage()).find());
		}
	}

	/** A UCUM unit that is not a time says the value is no duration: refused for sleep and a session's duration. */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {"kg", "%", "1", "/min", "m", "{score}", "kcal"})
	void aUcumUnitThatIsNoTime_isRefusedAsADuration(String unit) throws IOException {
		Observation sleep = fixture("sleep-in-s.json");
		sleep.setValue(ucum(unit));
		Observation session = fixture("exercise-duration-in-h.json");
		session.getComponentFirstRep().setValue(ucum(unit));

		assertThat(Artefacts.errors(sleep)).as(unit).anySatisfy(m -> assertThat(m.getMessage()).contains("sleep-1"));
		assertThat(Artefacts.errors(session)).as(unit).anySatisfy(m -> assertThat(m.getMessage()).contains("exs-1"));
	}

	/** The same shapes with the profile declared (as a client that read our IG sends them) are judged alike. */
	@Test
	void declaredAndInferredProfiles_judgeASleepInSecondsAlike() throws IOException {
		Observation declared = fixture("sleep-in-s.json");
		declared.getMeta().addProfile(ProfileInference.SLEEP);
		assertThat(Artefacts.errors(declared)).isEmpty();
	}

	private static Quantity ucum(String unit) {
		return new Quantity().setValue(new BigDecimal("7.5")).setUnit(unit).setSystem("http://unitsofmeasure.org").setCode(unit);
	}

	static Observation fixture(String file) throws IOException {
		return Artefacts.FHIR.newJsonParser().parseResource(Observation.class,
				Files.readString(FIXTURES.resolve(file)).replace("REPLACED-BY-TEST", "p1"));
	}

	private static UcumEssenceService ucum() throws Exception {
		try (InputStream in = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
			return new UcumEssenceService(in);
		}
	}
}
