package org.somaxis.fuzz;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.guidance.GuidanceEngine;
import org.somaxis.guidance.Hook;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.KnowledgeLoader;
import org.somaxis.guidance.record.PatientRecord;
import org.somaxis.guidance.record.PatientRecordAssembler;
import org.somaxis.guidance.record.ValuelessPrimitives;
import org.somaxis.security.BodyInspector;

/**
 * {@code $evaluate} input: a Bundle of a patient's data (the {@code data} parameter, or a CDS prefetch) that the
 * request guard lets through and HAPI parses is assembled into a patient record and evaluated by every rule,
 * with its draft orders. Data problems must come back as messages in the guidance, never as an exception: only
 * the parser's {@link DataFormatException} (a 400) may come out.
 */
class EvaluateInputFuzzTest {
	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final BodyInspector GUARD = new BodyInspector(1000, 100, 10_000);
	private static final Knowledge KNOWLEDGE = KnowledgeLoader.fromClasspath();
	private static final PatientRecordAssembler ASSEMBLER = new PatientRecordAssembler(KNOWLEDGE);
	private static final GuidanceEngine ENGINE = new GuidanceEngine(KNOWLEDGE);

	@FuzzTest(maxDuration = "30s")
	void patientDataBundle(byte[] body) {
		if (GUARD.inspect(body, "application/fhir+json") != null) {
			return;
		}
		Bundle bundle;
		try {
			bundle = FHIR.newJsonParser().parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8));
		} catch (DataFormatException refused) {
			return;
		}
		List<Resource> resources = new ArrayList<>();
		List<Resource> drafts = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			if (entry.getResource() == null) {
				continue;
			}
			if (entry.getResource() instanceof MedicationRequest order
					&& order.getStatus() == MedicationRequest.MedicationRequestStatus.DRAFT) {
				drafts.add(order);
			} else {
				resources.add(entry.getResource());
			}
		}
		// as the one pipeline reads them (GuidanceService): a value sent only as its data-absent-reason is absent
		List<Resource> readable = ValuelessPrimitives.removedFrom(resources);
		List<Resource> readableDrafts = ValuelessPrimitives.removedFrom(drafts);
		for (Hook hook : Hook.values()) {
			PatientRecord record = ASSEMBLER.assemble(readable, readableDrafts, hook, LocalDate.of(2026, 6, 1), null);
			ENGINE.evaluate(record);
		}
	}
}
