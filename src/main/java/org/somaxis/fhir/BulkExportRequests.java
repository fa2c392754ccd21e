package org.somaxis.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;

/**
 * Bulk export requests HAPI would take and then fail on, refused with a 400 first:
 * <ul>
 *   <li>a status request ({@code $export-poll-status}, GET to poll, DELETE to cancel) names its job by exactly one
 *       {@code _jobId}, on the URL or in a POSTed Parameters body: HAPI acts on the first of several (so a check of
 *       another one could be sidestepped) and answers 500 when there is none;
 *   <li>a {@code _typeFilter} with {@code _filter} or a blank in it, or that HAPI's export job cannot parse as a search
 *       of its type (a search parameter the type does not have, a value not of the parameter's form: {@code
 *       Observation?foo=bar}, {@code Observation?date=2026-13-45}), parsed here as the job parses it: HAPI started the
 *       job, which then failed; every poll, and the DELETE that would cancel it, answered 500, and the job's error log
 *       copied the whole search URL, a patient's name with it, into the server log;
 *   <li>a kick-off ({@code $export}) with a parameter HAPI's export does not support ({@code _elements},
 *       {@code includeAssociatedData}, a misspelt one), unless the client sends {@code Prefer: handling=lenient}: HAPI
 *       ignored it and exported whole resources, also under {@code handling=strict};
 *   <li>{@code patient} other than on {@code Patient/$export}: on a system-level export, where Bulk Data does not
 *       define it, HAPI exported every patient's data, and on a Group export every member's;
 *   <li>a {@code _typeFilter} that chains a parameter or uses {@code _has}, which HAPI resolves only when the job's query
 *       runs (where it failed, as above).
 * </ul>
 * A {@code _type} given more than once on the URL is read as one comma-separated list, as Bulk Data says (HAPI exported
 * the types of the first only); more than once in a POSTed body, where HAPI has read the first before any hook can merge
 * them, it is refused.
 */
@Interceptor
public final class BulkExportRequests {
	public static final String OPERATION = "$export-poll-status";
	private static final String JOB_ID = "_jobId";
	private static final String KICKOFF = "$export";
	private static final String TYPE = "_type";
	private static final String PATIENT = "patient";
	private static final String OUTPUT_FORMAT = "_outputFormat";
	private static final String FHIR_NDJSON = "application/fhir+ndjson";
	private static final java.util.Set<String> NDJSON_ABBREVIATIONS = java.util.Set.of("application/ndjson", "ndjson");
	/** The kick-off parameters HAPI's export reads (BulkDataExportProvider, 8.8), and the encoding ones. */
	private static final java.util.Set<String> SUPPORTED = java.util.Set.of(OUTPUT_FORMAT, TYPE, "_since", "_until",
			"_typeFilter", "_typePostFetchFilterUrl", "_mdm", "_exportId", "_includeHistory", PATIENT, "_format", "_pretty");

	private final MatchUrlService matchUrls;
	private final FhirContext context;

	public BulkExportRequests(MatchUrlService matchUrls, FhirContext context) {
		this.matchUrls = matchUrls;
		this.context = context;
	}

	public static boolean isPoll(RequestDetails request, RestOperationTypeEnum operation) {
		return operation == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER && OPERATION.equals(request.getOperation());
	}

	/** The request's one job id; 400 when it names none or several. */
	public static String jobId(RequestDetails request) {
		List<String> ids = new ArrayList<>();
		String[] onUrl = request.getParameters().get(JOB_ID);
		if (onUrl != null) {
			ids.addAll(Arrays.asList(onUrl));
		}
		if (request.getResource() instanceof Parameters body) {
			body.getParameter().stream()
					.filter(parameter -> JOB_ID.equals(parameter.getName()))
					.forEach(parameter -> ids.add(parameter.hasValue() ? parameter.getValue().primitiveValue() : null));
		}
		if (ids.size() != 1 || ids.get(0) == null || ids.get(0).isBlank()) {
			String message = OPERATION + " needs exactly one " + JOB_ID + " (found " + ids.size() + ")";
			InvalidRequestException refused = new InvalidRequestException(message);
			refused.setOperationOutcome(OperationOutcomes.error(OperationOutcome.IssueType.REQUIRED, message, JOB_ID));
			throw refused;
		}
		return ids.get(0);
	}

	/** After the SMART scope checks of the same pointcut (order 0): a filter the token may not look into is a 403 first. */
	@Hook(value = Pointcut.STORAGE_PRE_INITIATE_BULK_EXPORT, order = 100)
	public void typeFiltersTheJobCanRun(BulkExportJobParameters parameters) {
		for (String filter : parameters.getFilters()) {
			if (filter.chars().anyMatch(Character::isWhitespace) || filter.contains("_filter=")) {
				throw refused(OperationOutcome.IssueType.NOTSUPPORTED, "A _typeFilter must be a search URL without _filter"
						+ " and without blanks (percent-encode them): " + filter);
			}
			int query = filter.indexOf('?');
			String type = query < 0 ? filter : filter.substring(0, query);
			if (query < 0 || !context.getResourceTypes().contains(type)) {
				throw refused(OperationOutcome.IssueType.INVALID, "A _typeFilter must be a search of a resource type,"
						+ " [type]?[parameters]: " + filter);
			}
			// a chain or _has is resolved only when the job's query runs, where it failed as above: not supported here
			for (String parameter : filter.substring(query + 1).split("&")) {
				String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
				if (name.contains(".") || name.startsWith("_has")) {
					throw refused(OperationOutcome.IssueType.NOTSUPPORTED, "A _typeFilter may not chain a parameter or"
							+ " use _has (" + name + "): the export cannot check such a search before it runs");
				}
			}
			try {
				matchUrls.translateMatchUrl(filter, context.getResourceDefinition(type));
			} catch (InvalidRequestException | DataFormatException unparsable) {
				throw refused(OperationOutcome.IssueType.INVALID, "A _typeFilter that the export cannot run as a search of "
						+ type + ": " + unparsable.getMessage());
			}
		}
	}

	private static InvalidRequestException refused(OperationOutcome.IssueType type, String message) {
		return refused(type, message, "_typeFilter");
	}

	private static InvalidRequestException refused(OperationOutcome.IssueType type, String message, String location) {
		InvalidRequestException refused = new InvalidRequestException(message);
		refused.setOperationOutcome(OperationOutcomes.error(type, message, location));
		return refused;
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void exactlyOneJobId(RequestDetails request, RestOperationTypeEnum operation) {
		if (isPoll(request, operation)) {
			jobId(request);
		}
	}

	@Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
	public void kickoffParameters(RequestDetails request, RestOperationTypeEnum operation) {
		if (!KICKOFF.equals(request.getOperation())) {
			return;
		}
		Parameters body = request.getResource() instanceof Parameters parameters ? parameters : null;
		java.util.Set<String> names = new java.util.TreeSet<>(request.getParameters().keySet());
		if (body != null) {
			body.getParameter().forEach(parameter -> names.add(parameter.getName()));
		}
		List<String> unsupported = names.stream().filter(name -> !SUPPORTED.contains(name)).toList();
		String prefer = String.valueOf(request.getHeader("Prefer"));
		if (!unsupported.isEmpty() && !prefer.replace(" ", "").contains("handling=lenient")) {
			throw refused(OperationOutcome.IssueType.NOTSUPPORTED, KICKOFF + " does not support "
					+ String.join(", ", unsupported) + " (it supports " + String.join(", ", new java.util.TreeSet<>(SUPPORTED))
					+ "); send Prefer: handling=lenient to have it ignored", unsupported.get(0));
		}
		if (names.contains(PATIENT) && !(operation == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE
				&& "Patient".equals(request.getResourceName()))) {
			// HAPI reads it only there: a Group export exported every member whatever patient said
			throw refused(OperationOutcome.IssueType.NOTSUPPORTED, "patient is supported on Patient/$export only, not on"
					+ " a system-level or Group $export", PATIENT);
		}
		// HAPI binds the body's parameters before this hook and reads the first _type only; the URL's are merged earlier
		if (body != null && body.getParameter().stream().filter(parameter -> TYPE.equals(parameter.getName())).count() > 1) {
			throw refused(OperationOutcome.IssueType.NOTSUPPORTED, "Give _type once in a POSTed kick-off, its types"
					+ " comma-separated (Patient,Observation)", TYPE);
		}
	}

	/**
	 * Before HAPI binds the operation's parameters: several {@code _type} values on the URL read as one comma-separated
	 * list (HAPI reads the first only), and {@code _outputFormat} {@code application/ndjson} or {@code ndjson}, which
	 * Bulk Data makes abbreviations of {@code application/fhir+ndjson}, read as it (HAPI stored the files as
	 * {@code application/ndjson}, and a download with the spec's {@code Accept: application/fhir+ndjson} got an XML
	 * Binary).
	 */
	@Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
	public void normalisedKickoff(RequestDetails request) {
		if (!KICKOFF.equals(request.getOperation())) {
			return;
		}
		Map<String, String[]> parameters = new java.util.LinkedHashMap<>(request.getParameters());
		String[] types = parameters.get(TYPE);
		if (types != null && types.length > 1) {
			parameters.put(TYPE, new String[] {String.join(",", types)});
		}
		String[] formats = parameters.get(OUTPUT_FORMAT);
		if (formats != null) {
			parameters.put(OUTPUT_FORMAT, java.util.Arrays.stream(formats)
					.map(format -> NDJSON_ABBREVIATIONS.contains(format) ? FHIR_NDJSON : format)
					.toArray(String[]::new));
		}
		request.setParameters(parameters);
	}
}
