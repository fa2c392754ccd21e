package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A validation message that knows the OperationOutcome issue type of its problem: {@code value} for a value its type
 * cannot read, {@code structure} for an element R4 does not have there, {@code required}, {@code invariant}, and the
 * instance validator's own type for its messages. HAPI's {@link ValidationResult} names every issue {@code processing}
 * ("processing failure": an error of the server), so a client could not tell a bad value from a broken server (probe 46,
 * N-m3). {@link #outcome} is the one place messages become an OperationOutcome.
 */
class TypedMessage extends SingleValidationMessage {
	private final IssueType type;

	TypedMessage(IssueType type) {
		this.type = type;
	}

	/** The issue type of a message: its own when it has one, else by its message id; {@code processing} when unknown. */
	static IssueType typeOf(SingleValidationMessage message) {
		if (message instanceof TypedMessage typed && typed.type != null && typed.type != IssueType.NULL) {
			return typed.type;
		}
		String id = message.getMessageId() == null ? "" : message.getMessageId();
		return switch (id) {
			case BaseSpecChecks.MESSAGE_ID -> IssueType.REQUIRED;
			case BaseSpecChecks.PERIOD_ORDER, NarrativeChecks.MESSAGE_ID -> IssueType.INVARIANT;
			case ParseChecks.MESSAGE_ID -> IssueType.STRUCTURE;
			case StoredReferences.MESSAGE_ID -> IssueType.NOTFOUND;
			case ReferenceTargets.MESSAGE_ID -> IssueType.INVALID;
			case ResourceValidator.UNKNOWN_PROFILE -> IssueType.NOTSUPPORTED;
			case UnlinkedSubjects.MESSAGE_ID -> IssueType.BUSINESSRULE;
			case WholeBundles.MESSAGE_ID, WholeBundles.ENTRIES_NOT_VALIDATED -> IssueType.INFORMATIONAL;
			default -> IssueType.PROCESSING;
		};
	}

	/** A copy of a message at another location, which keeps its type. */
	static SingleValidationMessage relocated(SingleValidationMessage message, String location) {
		SingleValidationMessage copy = new TypedMessage(typeOf(message));
		copy.setSeverity(message.getSeverity());
		copy.setMessageId(message.getMessageId());
		copy.setMessage(message.getMessage());
		copy.setLocationLine(message.getLocationLine());
		copy.setLocationCol(message.getLocationCol());
		copy.setSliceMessages(message.getSliceMessages());
		copy.setLocationString(location);
		return copy;
	}

	/**
	 * The OperationOutcome of the messages, as HAPI builds it, one issue per message, each issue with its message's type.
	 * A message with slice details (which slices an element did not match, and why) is one issue whose text lists them:
	 * HAPI made an issue of each, repeating the message, so a component of an exercise session that matched none of the
	 * profile's ten slices was told so ten times (probe 63, P63-m11). A message given twice, by two checks that both see
	 * a value (an XML positiveInt of {@code 0}, by the checks of its JSON encoding and by {@link XmlNumberForms}), is one
	 * issue (probe 74, P74-m4).
	 */
	static OperationOutcome outcome(FhirContext fhirContext, List<SingleValidationMessage> messages) {
		List<SingleValidationMessage> once = messages.stream().map(TypedMessage::withItsSliceDetails).distinct().toList();
		OperationOutcome outcome = (OperationOutcome) new ValidationResult(fhirContext, once).toOperationOutcome();
		for (int i = 0; i < once.size() && i < outcome.getIssue().size(); i++) {
			outcome.getIssue().get(i).setCode(typeOf(once.get(i)));
		}
		return outcome;
	}

	private static SingleValidationMessage withItsSliceDetails(SingleValidationMessage message) {
		if (message.getSliceMessages() == null || message.getSliceMessages().isEmpty()) {
			return message;
		}
		SingleValidationMessage copy = relocated(message, message.getLocationString());
		copy.setSliceMessages(null);
		copy.setMessage(message.getMessage() + " (" + String.join("; ", message.getSliceMessages()) + ")");
		return copy;
	}
}
