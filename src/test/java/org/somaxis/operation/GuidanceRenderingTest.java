package org.somaxis.operation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.somaxis.gather.Evaluated;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Citation;
import org.somaxis.guidance.Face;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.OverrideReason;
import org.somaxis.guidance.Guidance;
import org.somaxis.guidance.Severity;
import org.somaxis.guidance.Suggestion;
import org.somaxis.guidance.knowledge.KnowledgeLoader;

/** The Finding → FHIR mapping of ARCHITECTURE.md, without a server. */
class GuidanceRenderingTest {
	private static final GuidanceRendering RENDERING = new GuidanceRendering(KnowledgeLoader.fromClasspath());
	private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

	private static Finding finding(String ruleId, Severity severity, List<Suggestion> suggestions) {
		return new Finding(ruleId, "1.0.0", severity, "Summary of " + ruleId, "Detail quoting **590 ng/mL**",
				List.of("Observation/igf1-2", "MedicationRequest/mr-1"), List.of("MedicationRequest/mr-1"),
				List.of(new Citation("egrifta-label", "EGRIFTA SV label", "https://example.org/label", "")),
				suggestions, severity == Severity.CRITICAL ? List.of(new OverrideReason("reviewed", "Reviewed")) : List.of());
	}

	private static GuidanceRendering.Rendered render(List<Finding> findings, List<String> messages) {
		return render(findings, messages, Map.of());
	}

	private static GuidanceRendering.Rendered render(List<Finding> findings, List<String> messages,
			Map<String, Resource> known) {
		return render(findings, messages, known, List.of());
	}

	private static GuidanceRendering.Rendered render(List<Finding> findings, List<String> messages,
			Map<String, Resource> known, List<Evaluated.RuleFailure> failures) {
		Evaluated evaluated = new Evaluated("Patient/p1", org.somaxis.guidance.Scenario.of().record(),
				new Guidance(Face.PATIENT_VIEW, findings, List.of()), messages, failures, known, java.util.Set.of(), List.of(),
				List.of());
		return RENDERING.render(evaluated, "http://somaxis.org/fhir/OperationDefinition/patient-evaluate", DAY, new Date());
	}

	private static RequestGroup group(GuidanceResponse response) {
		return (RequestGroup) response.getContained().stream()
				.filter(resource -> resource instanceof RequestGroup)
				.findFirst()
				.orElseThrow();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({"INFO, ROUTINE", "WARNING, URGENT", "CRITICAL, STAT"})
	void severity_becomesThePriority(Severity severity, RequestGroup.RequestPriority priority) {
		RequestGroup group = group(render(List.of(finding("igf1-above-range-on-therapy", severity, List.of())), List.of())
				.guidance());

		assertThat(group.getActionFirstRep().getPriority()).isEqualTo(priority);
	}

	@Test
	void finding_becomesAnActionWithTitleDescriptionRuleCodingAndCitations() {
		GuidanceResponse response = render(List.of(finding("sleep-short", Severity.INFO, List.of())), List.of()).guidance();

		assertThat(response.getResult().getReference()).isEqualTo("#result");
		assertThat(response.getSubject().getReference()).isEqualTo("Patient/p1");
		RequestGroup.RequestGroupActionComponent action = group(response).getActionFirstRep();
		assertThat(action.getTitle()).isEqualTo("Summary of sleep-short");
		assertThat(action.getDescription()).isEqualTo("Detail quoting **590 ng/mL**");
		assertThat(action.getCodeFirstRep().getCodingFirstRep().getSystem())
				.isEqualTo("http://somaxis.org/fhir/CodeSystem/guidance-rules");
		assertThat(action.getCodeFirstRep().getCodingFirstRep().getCode()).isEqualTo("sleep-short");
		assertThat(action.getDocumentationFirstRep().getType()).isEqualTo(RelatedArtifact.RelatedArtifactType.CITATION);
		assertThat(action.getDocumentationFirstRep().getUrl()).isEqualTo("https://example.org/label");
	}

	@Test
	void suggestions_becomeSubActionsThatCreateProposalsOrActOnOrders() {
		Suggestion cancel = new Suggestion("Cancel the draft", List.of(Action.delete("MedicationRequest/mr-1")));
		Suggestion repeat = new Suggestion("Repeat IGF-1", List.of(Action.orderLab("2484-4", "IGF-1")));

		GuidanceResponse response = render(
				List.of(finding("peptide-active-malignancy", Severity.CRITICAL, List.of(cancel, repeat))), List.of())
				.guidance();

		RequestGroup.RequestGroupActionComponent action = group(response).getActionFirstRep();
		assertThat(action.getAction()).extracting(RequestGroup.RequestGroupActionComponent::getTitle)
				.containsExactly("Cancel the draft", "Repeat IGF-1");
		RequestGroup.RequestGroupActionComponent remove = action.getAction().get(0).getActionFirstRep();
		assertThat(remove.getType().getCodingFirstRep().getCode()).isEqualTo("remove");
		assertThat(remove.getResource().getReference()).isEqualTo("MedicationRequest/mr-1");
		RequestGroup.RequestGroupActionComponent create = action.getAction().get(1).getActionFirstRep();
		assertThat(create.getType().getCodingFirstRep().getCode()).isEqualTo("create");
		String proposalId = create.getResource().getReference().substring(1);
		ServiceRequest proposal = (ServiceRequest) response.getContained().stream()
				.filter(resource -> resource.getIdElement().getIdPart().equals(proposalId))
				.findFirst()
				.orElseThrow();
		assertThat(proposal.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.ORDER);
		assertThat(proposal.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.DRAFT);
		assertThat(proposal.getCode().getCodingFirstRep().getCode()).isEqualTo("2484-4");
	}

	/** As the CDS card's: suggestions on different resources may all be taken; two on the same order are alternatives. */
	@Test
	void suggestions_carryTheSelectionBehaviourOfTheCard() {
		Suggestion cancel = new Suggestion("Cancel the draft", List.of(Action.delete("MedicationRequest/d1")));
		Suggestion stop = new Suggestion("Stop", List.of(Action.update("MedicationRequest/m1", "", Action.Change.status("stopped"))));
		Suggestion pause = new Suggestion("Pause", List.of(Action.update("MedicationRequest/m1", "", Action.Change.status("on-hold"))));

		RequestGroup.RequestGroupActionComponent both = group(render(List.of(finding("peptide-pregnancy", Severity.CRITICAL,
				List.of(cancel, stop))), List.of()).guidance()).getActionFirstRep();
		RequestGroup.RequestGroupActionComponent either = group(render(List.of(finding("igf1-persistently-very-high",
				Severity.CRITICAL, List.of(stop, pause))), List.of()).guidance()).getActionFirstRep();

		assertThat(both.getSelectionBehavior()).isEqualTo(RequestGroup.ActionSelectionBehavior.ANY);
		assertThat(either.getSelectionBehavior()).isEqualTo(RequestGroup.ActionSelectionBehavior.ATMOSTONE);
	}

	private static MedicationRequest activeOrder(String id) {
		MedicationRequest order = new MedicationRequest();
		order.setId(id);
		order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
		return order;
	}

	@Test
	void updateAction_containsTheWholeChangedOrder() {
		MedicationRequest order = activeOrder("mr-1");
		Suggestion stop = new Suggestion("Stop", List.of(Action.update("MedicationRequest/mr-1", "Set status to stopped",
				Action.Change.status("stopped"))));

		GuidanceResponse response = render(List.of(finding("igf1-persistently-very-high", Severity.CRITICAL,
				List.of(stop))), List.of(), Map.of("MedicationRequest/mr-1", order)).guidance();

		RequestGroup.RequestGroupActionComponent update = group(response).getActionFirstRep().getActionFirstRep()
				.getActionFirstRep();
		assertThat(update.getType().getCodingFirstRep().getCode()).isEqualTo("update");
		assertThat(update.getTextEquivalent()).isEqualTo("Update MedicationRequest/mr-1");
		String changedId = update.getResource().getReference().substring(1);
		MedicationRequest changed = (MedicationRequest) response.getContained().stream()
				.filter(resource -> resource.getIdElement().getIdPart().equals(changedId))
				.findFirst()
				.orElseThrow();
		assertThat(changed.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.STOPPED);
		assertThat(order.getStatus()).as("the order itself is untouched").isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);
	}

	/**
	 * A stop the knowledge gives a reason for (pregnancy: HL7's medicationrequest-status-reason "preg") records it on the
	 * changed order, with the finding's summary as text; before, the stopped order said nowhere why (probe 56, P56-m3).
	 */
	@Test
	void updateAction_recordsWhyTheStatusChanges() {
		Suggestion stop = new Suggestion("Stop", List.of(Action.update("MedicationRequest/mr-2", "Set status to stopped",
				Action.Change.status("stopped", "preg", "Pregnancy: GH-axis peptides are contraindicated"))));

		GuidanceResponse response = render(List.of(finding("peptide-pregnancy", Severity.CRITICAL, List.of(stop))),
				List.of(), Map.of("MedicationRequest/mr-2", activeOrder("mr-2"))).guidance();

		MedicationRequest changed = (MedicationRequest) response.getContained().stream()
				.filter(MedicationRequest.class::isInstance).findFirst().orElseThrow();
		assertThat(changed.getStatusReason().getText()).isEqualTo("Pregnancy: GH-axis peptides are contraindicated");
		assertThat(changed.getStatusReason().getCodingFirstRep().getSystem())
				.isEqualTo("http://terminology.hl7.org/CodeSystem/medicationrequest-status-reason");
		assertThat(changed.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("preg");
	}

	/**
	 * An order naming its drug through a contained Medication (as EHRs send it): a contained resource may not contain
	 * others, so the Medication moves up beside the changed order and the order's reference follows it (before, it was
	 * dropped when written and the reference pointed at nothing).
	 */
	@Test
	void updateAction_onAnOrderWithAContainedMedication_keepsTheMedicationBesideIt() {
		MedicationRequest order = new MedicationRequest();
		order.setId("mr-1");
		order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
		Medication egrifta = new Medication();
		egrifta.setId("med1");
		egrifta.getCode().addCoding().setSystem("http://www.nlm.nih.gov/research/umls/rxnorm").setCode("1044587");
		order.addContained(egrifta);
		order.setMedication(new Reference("#med1"));
		Suggestion stop = new Suggestion("Stop", List.of(Action.update("MedicationRequest/mr-1", "Set status to stopped",
				Action.Change.status("stopped"))));

		GuidanceResponse rendered = render(List.of(finding("peptide-active-malignancy", Severity.CRITICAL,
				List.of(stop))), List.of(), Map.of("MedicationRequest/mr-1", order)).guidance();
		GuidanceResponse response = (GuidanceResponse) FhirContext.forR4Cached().newJsonParser().parseResource(
				FhirContext.forR4Cached().newJsonParser().encodeResourceToString(rendered));

		String changedId = group(response).getActionFirstRep().getActionFirstRep().getActionFirstRep()
				.getResource().getReference().substring(1);
		MedicationRequest changed = (MedicationRequest) contained(response, changedId);
		String medication = changed.getMedicationReference().getReference();
		assertThat(medication).startsWith("#").isNotEqualTo("#med1");
		assertThat(((Medication) contained(response, medication.substring(1)))
				.getCode().getCodingFirstRep().getCode()).isEqualTo("1044587");
		assertThat(order.getContained()).as("the order itself is untouched").hasSize(1);
		assertThat(order.getMedicationReference().getReference()).isEqualTo("#med1");
	}

	private static Resource contained(GuidanceResponse response, String id) {
		return response.getContained().stream()
				.filter(resource -> resource.getIdElement().getIdPart().equals(id))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no contained resource " + id));
	}

	@Test
	void onlySafetyFindings_becomeDetectedIssues() {
		GuidanceRendering.Rendered rendered = render(List.of(
				finding("igf1-persistently-very-high", Severity.CRITICAL, List.of()),
				finding("sleep-short", Severity.INFO, List.of())), List.of());

		assertThat(rendered.issues()).hasSize(1);
		DetectedIssue issue = rendered.issues().get(0);
		assertThat(issue.getCode().getCodingFirstRep().getCode()).isEqualTo("igf1-persistently-very-high");
		assertThat(issue.getSeverity()).isEqualTo(DetectedIssue.DetectedIssueSeverity.HIGH);
		assertThat(issue.getImplicated()).extracting(Reference::getReference).containsExactly("MedicationRequest/mr-1");
		assertThat(issue.getEvidenceFirstRep().getDetail()).extracting(Reference::getReference)
				.containsExactly("MedicationRequest/mr-1", "Observation/igf1-2");
		assertThat(issue.getIdentifiedDateTimeType().getValueAsString()).isEqualTo("2026-11-22");
		assertThat(rendered.toParameters().getParameter()).extracting(parameter -> parameter.getName())
				.containsExactly("guidance", "issue");
	}

	@Test
	void dataQualityMessages_becomeAnEvaluationMessage() {
		GuidanceResponse response = render(List.of(), List.of("IGF-1 on 2026-03-02 has unit 'mg' that cannot be converted; ignored"))
				.guidance();

		assertThat(response.getEvaluationMessageFirstRep().getReference()).isEqualTo("#messages");
		OperationOutcome messages = (OperationOutcome) response.getContained().stream()
				.filter(resource -> resource instanceof OperationOutcome)
				.findFirst()
				.orElseThrow();
		assertThat(messages.getIssueFirstRep().getDiagnostics()).contains("'mg'");
		assertThat(group(response).getAction()).isEmpty();
	}

	/**
	 * As the CDS card: data problems alone are information; when a safety finding may be missing (a safety rule failed)
	 * a first issue says so at severity warning, coded guidance-incomplete, and the problems are warnings. Every problem
	 * was a warning, so a client could not tell (probe 82, P82-m4).
	 */
	@Test
	void dataQualityMessages_areInformation_unlessASafetyFindingMayBeMissing() {
		String problem = "IGF-1 on 2026-03-02 has unit 'mg' that cannot be converted; ignored";
		OperationOutcome alone = messages(render(List.of(), List.of(problem)).guidance());
		OperationOutcome beside = messages(render(List.of(), List.of(problem), Map.of(),
				List.of(new Evaluated.RuleFailure("peptide-active-malignancy", true, "peptide-active-malignancy failed"))).guidance());

		assertThat(alone.getIssue()).extracting(OperationOutcome.OperationOutcomeIssueComponent::getSeverity)
				.containsExactly(OperationOutcome.IssueSeverity.INFORMATION);
		assertThat(beside.getIssue()).extracting(OperationOutcome.OperationOutcomeIssueComponent::getSeverity)
				.containsOnly(OperationOutcome.IssueSeverity.WARNING).hasSize(3);
		assertThat(beside.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.INCOMPLETE);
		assertThat(beside.getIssueFirstRep().getDetails().getCodingFirstRep().getCode()).isEqualTo("guidance-incomplete");
	}

	private static OperationOutcome messages(GuidanceResponse response) {
		return (OperationOutcome) response.getContained().stream()
				.filter(resource -> resource instanceof OperationOutcome)
				.findFirst()
				.orElseThrow();
	}

	@Test
	void noMessages_meansNoEvaluationMessage() {
		assertThat(render(List.of(), List.of()).guidance().hasEvaluationMessage()).isFalse();
	}
}
