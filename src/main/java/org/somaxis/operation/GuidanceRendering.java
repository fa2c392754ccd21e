package org.somaxis.operation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedArtifact;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.somaxis.gather.ActionResources;
import org.somaxis.gather.Evaluated;
import org.somaxis.guidance.Action;
import org.somaxis.guidance.Category;
import org.somaxis.guidance.Citation;
import org.somaxis.guidance.Finding;
import org.somaxis.guidance.Markdown;
import org.somaxis.guidance.Guidance;
import org.somaxis.guidance.Severity;
import org.somaxis.guidance.Suggestion;
import org.somaxis.guidance.knowledge.Knowledge;
import org.somaxis.guidance.knowledge.Notices;
import org.somaxis.guidance.knowledge.Notices.Incomplete;

/**
 * The one Finding → FHIR mapping (HL7 CDS-on-FHIR, ARCHITECTURE.md): a GuidanceResponse whose {@code result} is a
 * contained RequestGroup with one action per finding, plus one DetectedIssue per safety finding. Data-quality
 * messages become a contained OperationOutcome referenced from {@code evaluationMessage}.
 *
 * <p>Per finding: action.title = summary, action.description = detail (markdown), action.priority
 * routine/urgent/stat = info/warning/critical, action.code = the rule id in the guidance-rules CodeSystem,
 * action.documentation = citations, sub-actions = suggestions (each suggestion's steps below it: create a proposed
 * ServiceRequest, update or remove an order), action.selectionBehavior = at-most-one when the suggestions are
 * alternatives ({@link Suggestion#alternatives}), else any, as the CDS card's.
 */
public final class GuidanceRendering {
	public static final String RULES_SYSTEM = "http://somaxis.org/fhir/CodeSystem/guidance-rules";
	static final String ACTION_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/action-type";

	private final Knowledge knowledge;

	public GuidanceRendering(Knowledge knowledge) {
		this.knowledge = knowledge;
	}

	/** What one evaluation produced, ready to be put in the output Parameters. */
	public record Rendered(GuidanceResponse guidance, List<DetectedIssue> issues) {
		public Parameters toParameters() {
			Parameters parameters = new Parameters();
			addTo(parameters);
			return parameters;
		}

		public void addTo(Parameters parameters) {
			parameters.addParameter().setName("guidance").setResource(guidance);
			for (DetectedIssue issue : issues) {
				parameters.addParameter().setName("issue").setResource(issue);
			}
		}
	}

	/**
	 * @param module canonical URL of the operation (or service) that asked for guidance
	 * @param patientReference "Patient/123"
	 */
	public Rendered render(Evaluated evaluated, String module, LocalDate evaluationDate, Date now) {
		Guidance guidance = evaluated.guidance();
		Reference subject = new Reference(evaluated.patientReference());
		GuidanceResponse response = new GuidanceResponse();
		response.setModule(new org.hl7.fhir.r4.model.UriType(module));
		response.setStatus(GuidanceResponse.GuidanceResponseStatus.SUCCESS);
		response.setSubject(subject);
		response.setOccurrenceDateTime(now);
		// the framing, once per response
		response.addNote().setText(knowledge.decisionSupportNotice());

		RequestGroup group = new RequestGroup();
		group.setId("result");
		group.setStatus(RequestGroup.RequestStatus.ACTIVE);
		group.setIntent(RequestGroup.RequestIntent.PROPOSAL);
		group.setSubject(subject);
		group.setAuthoredOn(now);
		List<DetectedIssue> issues = new ArrayList<>();
		int index = 0;
		for (Finding finding : guidance.findings()) {
			index++;
			group.addAction(action(finding, index, response, subject, evaluated.known()));
			if (isSafety(finding)) {
				issues.add(issue(finding, index, subject, evaluationDate));
			}
		}
		response.addContained(group);
		response.setResult(new Reference("#result"));

		// as the CDS card: a warning, first, when a safety finding may be missing and why (the reasons the card names),
		// and every data problem at the card's severity; each was a warning, so a client could not tell (probe 82, P82-m4)
		Map<Incomplete, List<String>> reasons = evaluated.incompleteReasons();
		if (!evaluated.messages().isEmpty() || !reasons.isEmpty()) {
			OperationOutcome messages = new OperationOutcome();
			messages.setId("messages");
			if (!reasons.isEmpty()) {
				Notices notices = knowledge.notices();
				StringBuilder why = new StringBuilder(notices.incomplete(reasons.keySet().iterator().next()).summary());
				reasons.forEach((reason, records) -> {
					String paragraph = notices.incomplete(reason).detail();
					if (!paragraph.isEmpty()) {
						why.append("\n\n").append(Markdown.plain(paragraph.replace("{records}", String.join(", ", records))));
					}
				});
				messages.addIssue()
						.setSeverity(OperationOutcome.IssueSeverity.WARNING)
						.setCode(OperationOutcome.IssueType.INCOMPLETE)
						.setDetails(new CodeableConcept(new Coding(RULES_SYSTEM, Notices.INCOMPLETE_CODE, null)))
						.setDiagnostics(why.toString());
			}
			for (String message : evaluated.messages()) {
				messages.addIssue()
						.setSeverity(reasons.isEmpty() ? OperationOutcome.IssueSeverity.INFORMATION
								: OperationOutcome.IssueSeverity.WARNING)
						.setCode(OperationOutcome.IssueType.INFORMATIONAL)
						.setDiagnostics(message);
			}
			response.addContained(messages);
			response.addEvaluationMessage(new Reference("#messages"));
		}
		return new Rendered(response, issues);
	}

	/** Safety findings (CLINICAL.md's safety table) are also DetectedIssues. */
	public boolean isSafety(Finding finding) {
		return knowledge.rule(finding.ruleId()).category() == Category.SAFETY;
	}

	public static Coding ruleCoding(Finding finding) {
		return new Coding(RULES_SYSTEM, finding.ruleId(), null);
	}

	private RequestGroup.RequestGroupActionComponent action(
			Finding finding, int index, GuidanceResponse response, Reference subject, Map<String, Resource> known) {
		RequestGroup.RequestGroupActionComponent action = new RequestGroup.RequestGroupActionComponent();
		action.setId("finding-" + index);
		action.setTitle(finding.summary());
		action.setDescription(Markdown.plain(finding.detail()));
		action.setPriority(priority(finding.severity()));
		action.addCode(new CodeableConcept(ruleCoding(finding)));
		for (Citation citation : finding.citations()) {
			RelatedArtifact artifact = action.addDocumentation()
					.setType(RelatedArtifact.RelatedArtifactType.CITATION)
					.setLabel(citation.id())
					.setDisplay(citation.label());
			if (!citation.url().isEmpty()) {
				artifact.setUrl(citation.url());
			}
			if (!citation.text().isEmpty()) {
				artifact.setCitation(citation.text());
			}
		}
		if (!finding.suggestions().isEmpty()) { // as the CDS card's selectionBehavior: alternatives, or all may be taken
			action.setSelectionBehavior(Suggestion.alternatives(finding.suggestions())
					? RequestGroup.ActionSelectionBehavior.ATMOSTONE : RequestGroup.ActionSelectionBehavior.ANY);
		}
		int suggestionIndex = 0;
		for (Suggestion suggestion : finding.suggestions()) {
			suggestionIndex++;
			RequestGroup.RequestGroupActionComponent choice = action.addAction();
			choice.setId(action.getId() + "-suggestion-" + suggestionIndex);
			choice.setTitle(suggestion.label());
			choice.setSelectionBehavior(RequestGroup.ActionSelectionBehavior.ALLORNONE);
			int stepIndex = 0;
			for (Action step : suggestion.actions()) {
				stepIndex++;
				RequestGroup.RequestGroupActionComponent sub = choice.addAction();
				sub.setId(choice.getId() + "-" + stepIndex);
				sub.setDescription(step.description());
				sub.setType(new CodeableConcept(new Coding(ACTION_TYPE_SYSTEM, actionType(step.type()), null)));
				if (step.type() == Action.Type.CREATE) {
					ServiceRequest proposal = ActionResources.labOrder(step, subject.getReference());
					proposal.setId(sub.getId());
					response.addContained(proposal);
					sub.setResource(new Reference("#" + proposal.getId()));
				} else if (step.type() == Action.Type.UPDATE) {
					// the whole changed order, contained; textEquivalent names the order it replaces
					Optional<Resource> changed = ActionResources.changed(step, known);
					if (changed.isPresent()) {
						changed.get().setId(sub.getId());
						hoistContained(changed.get(), sub.getId(), response);
						response.addContained(changed.get());
						sub.setResource(new Reference("#" + sub.getId()));
						sub.setTextEquivalent("Update " + step.resourceId());
					} else {
						sub.setResource(new Reference(step.resourceId()));
					}
				} else if (!step.resourceId().isEmpty()) {
					sub.setResource(new Reference(step.resourceId()));
				}
			}
		}
		return action;
	}

	/**
	 * A contained resource may not contain others (dom-2), so the changed order's own contained resources (the
	 * Medication its {@code medicationReference} names, as EHRs send it) would be dropped when the response is written,
	 * leaving its reference pointing at nothing. They move up beside it, renamed after it, and its references follow.
	 */
	private static void hoistContained(Resource changed, String prefix, GuidanceResponse response) {
		if (!(changed instanceof DomainResource domain) || !domain.hasContained()) {
			return;
		}
		Map<String, String> renamed = new HashMap<>();
		for (Resource inner : domain.getContained()) {
			String id = inner.getIdElement().getIdPart().replaceFirst("^#", "");
			renamed.put("#" + id, "#" + prefix + "-" + id);
			inner.setId(prefix + "-" + id);
			response.addContained(inner);
		}
		domain.getContained().clear();
		renameReferences(domain, renamed);
	}

	private static void renameReferences(Base element, Map<String, String> renamed) {
		if (element instanceof Reference reference && renamed.containsKey(reference.getReference())) {
			reference.setReference(renamed.get(reference.getReference()));
		}
		for (Property property : element.children()) {
			for (Base value : property.getValues()) {
				if (!(value instanceof Resource)) { // contained resources were moved out above
					renameReferences(value, renamed);
				}
			}
		}
	}

	private DetectedIssue issue(Finding finding, int index, Reference subject, LocalDate evaluationDate) {
		DetectedIssue issue = new DetectedIssue();
		issue.setId("issue-" + index);
		issue.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
		issue.setCode(new CodeableConcept(ruleCoding(finding)).setText(finding.summary()));
		issue.setSeverity(switch (finding.severity()) {
			case CRITICAL -> DetectedIssue.DetectedIssueSeverity.HIGH;
			case WARNING -> DetectedIssue.DetectedIssueSeverity.MODERATE;
			case INFO -> DetectedIssue.DetectedIssueSeverity.LOW;
		});
		issue.setPatient(subject);
		issue.setIdentified(new DateTimeType(evaluationDate.toString()));
		List<String> implicated = finding.implicated().isEmpty() ? finding.evidence() : finding.implicated();
		implicated.forEach(reference -> issue.addImplicated(new Reference(reference)));
		if (!finding.evidence().isEmpty()) {
			DetectedIssue.DetectedIssueEvidenceComponent evidence = issue.addEvidence();
			finding.evidence().forEach(reference -> evidence.addDetail(new Reference(reference)));
		}
		issue.setDetail(Markdown.plain(finding.detail()));
		finding.citations().stream()
				.map(Citation::url)
				.filter(url -> !url.isEmpty())
				.findFirst()
				.ifPresent(issue::setReference);
		return issue;
	}

	static RequestGroup.RequestPriority priority(Severity severity) {
		return switch (severity) {
			case INFO -> RequestGroup.RequestPriority.ROUTINE;
			case WARNING -> RequestGroup.RequestPriority.URGENT;
			case CRITICAL -> RequestGroup.RequestPriority.STAT;
		};
	}

	private static String actionType(Action.Type type) {
		return switch (type) {
			case CREATE -> "create";
			case UPDATE -> "update";
			case DELETE -> "remove";
		};
	}
}
