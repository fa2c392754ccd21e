package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.somaxis.cdshooks.CardRenderer;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.Scenario;
import org.somaxis.operation.GuidanceRendering;

/**
 * R4 lets any primitive be sent without its value, with only an extension that says why (a data-absent-reason:
 * {@code "_gender": {"extension": [...]}}), and registration systems, labs and pharmacies do so. For every primitive of
 * a patient's data and draft orders that the pipeline may read (the Patient, a cancer, labs, lifestyle, each kind of
 * peptide record, the drafts), the same data with that one value absent is gathered, evaluated on every hook and
 * rendered for both faces: it must be read or named, never fail. Before, {@code _gender}, {@code _deceasedBoolean} and
 * {@code _doNotPerform} each made the evaluation fail with 500, losing every card, the contraindications among them.
 */
class DataAbsentValuesTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final FhirTerser TERSER = FHIR.newTerser();
	private static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
	private static final LocalDate DATE = LocalDate.of(2026, 6, 1);
	private static final GuidanceService SERVICE = GuidanceServiceTest.service(
			org.somaxis.guidance.rules.Rules.all());
	private static final GuidanceRendering RENDERING = new GuidanceRendering(Scenario.KNOWLEDGE);
	private static final CardRenderer CARDS = new CardRenderer(FHIR, new ObjectMapper(), org.somaxis.guidance.Scenario.KNOWLEDGE.notices());

	static Stream<Arguments> everyPrimitiveAbsent() {
		List<Arguments> cases = new ArrayList<>();
		Bundle data = bundle("every-element-read.json");
		Bundle drafts = bundle("every-element-read-drafts.json");
		cases.add(Arguments.of("nothing absent", data, drafts));
		addVariants(cases, data, drafts, true);
		addVariants(cases, drafts, data, false);
		return cases.stream();
	}

	/** One case per primitive of {@code varied}'s resources, that primitive without its value. */
	private static void addVariants(List<Arguments> cases, Bundle varied, Bundle other, boolean variedIsData) {
		for (int entry = 0; entry < varied.getEntry().size(); entry++) {
			Resource resource = varied.getEntry().get(entry).getResource();
			int count = primitives(resource).size();
			for (int index = 0; index < count; index++) {
				Bundle copy = varied.copy();
				Resource target = copy.getEntry().get(entry).getResource();
				PrimitiveType<?> primitive = primitives(target).get(index);
				String name = target.fhirType() + "/" + target.getIdPart() + " " + primitive.fhirType() + " '"
						+ primitive.getValueAsString() + "'";
				primitive.setValueAsString(null);
				primitive.addExtension(new Extension(DATA_ABSENT_REASON, new CodeType("unknown")));
				cases.add(variedIsData ? Arguments.of(name, copy, other) : Arguments.of(name, other, copy));
			}
		}
	}

	/** Each resource of the data fixture once per primitive it has, that primitive without its value. */
	static List<Resource> everyResourceWithOneValueAbsent() {
		List<Resource> variants = new ArrayList<>();
		for (Arguments arguments : everyPrimitiveAbsent().toList()) {
			Bundle data = (Bundle) arguments.get()[1];
			if (!arguments.get()[0].equals("nothing absent")) {
				data.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
						.filter(ValuelessPrimitivesHolder::holdsOne).forEach(variants::add);
			}
		}
		return variants;
	}

	/** Whether a resource holds a primitive without a value. */
	private static final class ValuelessPrimitivesHolder {
		static boolean holdsOne(Resource resource) {
			return org.somaxis.guidance.record.ValuelessPrimitives.removedFrom(resource) != resource;
		}
	}

	static Bundle dataFixture() {
		return bundle("every-element-read.json");
	}

	@SuppressWarnings("rawtypes")
	private static List<PrimitiveType> primitives(Resource resource) {
		return TERSER.getAllPopulatedChildElementsOfType(resource, PrimitiveType.class).stream()
				.filter(primitive -> !(primitive instanceof IdType) && primitive.getValue() != null)
				.toList();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void everyPrimitiveAbsent(String absent, Bundle data, Bundle drafts) {
		PatientData gathered;
		DraftOrders orders;
		try {
			gathered = new BundleSource(data, "data").gather(new PatientQuery("p1", DATE));
			orders = GuidanceServiceTest.READER.read(drafts, gathered, query -> {
				throw new AssertionError("drafts never gather");
			}, "draftOrders");
		} catch (GatherException refused) {
			return; // a typed refusal: 400 or 412 with an OperationOutcome that says where
		}
		for (Hook hook : Hook.values()) {
			Evaluated evaluated = SERVICE.evaluate(gathered, orders, hook, DATE, null, "test");
			if (absent.equals("nothing absent") && hook == Hook.ORDER_SIGN) { // the record is one a card must come from
				assertThat(evaluated.guidance().findings()).extracting(Finding::ruleId).contains("peptide-active-malignancy");
			}

			assertThat(evaluated.ruleFailures()).as("rules that failed").isEmpty();
			RENDERING.render(evaluated, "http://somaxis.org/fhir/OperationDefinition/evaluate", DATE, new Date());
			for (Finding finding : evaluated.guidance().findings()) {
				CARDS.card(finding, evaluated.patientReference(), "http://localhost/cds-services/rules", evaluated.known());
			}
			if (evaluated.incomplete()) {
				CARDS.incomplete(evaluated, "http://localhost/cds-services/rules");
			}
		}
	}

	private static Bundle bundle(String name) {
		try (InputStream in = DataAbsentValuesTest.class.getResourceAsStream("/gather/" + name)) {
			return FHIR.newJsonParser().parseResource(Bundle.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
		} catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
