package org.somaxis.cdshooks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.somaxis.gather.BundleIds;
import org.somaxis.gather.StoreGatherer;
import org.somaxis.gather.StoreGatherer.Part;

/**
 * Obtains the data of the six prefetch templates (ARCHITECTURE.md, "Prefetch resolution order"):
 *
 * <ol>
 *   <li>the request's prefetch: a resource, a searchset Bundle, or {@code null} ("no data"); a key that is absent,
 *       holds an OperationOutcome, or holds a Bundle with a {@code next} link is not satisfied;
 *   <li>the unsatisfied keys from our own store, when {@code fhirServer} is absent or is this server;
 *   <li>from the remote {@code fhirServer} with the given bearer token, only when it is on the allow-list;
 *   <li>otherwise 412, without any outbound call.
 * </ol>
 */
public final class PrefetchResolver {

	/** Where the unsatisfied keys came from (reported in logs and tests, never the token). */
	public enum Source {
		PREFETCH,
		STORE,
		REMOTE
	}

	/** The patient and all other resources, plus where missing keys were fetched from. */
	public record Resolved(Patient patient, List<Resource> resources, Source source) {}

	private final FhirContext fhir;
	private final StoreGatherer store;
	private final RemoteFhirClient remote;
	private final Set<String> allowedServers;
	private final Set<String> selfServers;

	public PrefetchResolver(FhirContext fhir, StoreGatherer store, RemoteFhirClient remote, List<String> allowedServers,
			List<String> selfServers) {
		this.fhir = fhir;
		this.store = store;
		this.remote = remote;
		this.allowedServers = allowedServers.stream().map(PrefetchResolver::normalise).collect(Collectors.toSet());
		this.selfServers = selfServers.stream().map(PrefetchResolver::normalise).collect(Collectors.toSet());
	}

	/** @param ownBase this server's FHIR base as the client reached it, e.g. http://host:8080/fhir */
	public Resolved resolve(CdsRequest request, String ownBase) {
		List<Resource> resources = new ArrayList<>();
		Set<Part> missing = EnumSet.noneOf(Part.class);
		boolean patientIsNull = false;
		for (CdsServiceCatalog.Template template : CdsServiceCatalog.TEMPLATES) {
			JsonNode value = request.prefetch() == null ? null : request.prefetch().get(template.key());
			if (value == null) {
				missing.add(template.part());
			} else if (value.isNull()) {
				patientIsNull |= template.part() == Part.PATIENT;
			} else {
				List<Resource> supplied = supplied(template.key(), value);
				if (supplied == null) {
					missing.add(template.part());
				} else {
					resources.addAll(supplied);
				}
			}
		}
		if (patientIsNull) {
			throw CdsException.preconditionFailed("prefetch 'patient' is null: the client has no Patient/"
					+ request.patientId() + ", and guidance cannot be computed without one");
		}
		Source source = Source.PREFETCH;
		if (!missing.isEmpty()) {
			source = fetchMissing(request, ownBase, missing, resources);
		}
		return assemble(request.patientId(), resources, source);
	}

	/** The resources of one prefetch value, or null when the key is not satisfied. */
	private List<Resource> supplied(String key, JsonNode value) {
		if (!value.isObject()) {
			throw CdsException.badRequest("prefetch '" + key + "' must be a FHIR resource or null");
		}
		IBaseResource parsed;
		try {
			parsed = fhir.newJsonParser().parseResource(value.toString());
		} catch (RuntimeException e) {
			throw CdsException.badRequest("prefetch '" + key + "' is not a FHIR R4 resource");
		}
		if (parsed instanceof org.hl7.fhir.r4.model.OperationOutcome) {
			return null;
		}
		if (parsed instanceof Bundle bundle) {
			if (bundle.getLink(Bundle.LINK_NEXT) != null) {
				return null;
			}
			List<Resource> entries = new ArrayList<>();
			int index = 0;
			for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
				Resource resource = entry.getResource();
				if (resource != null && !resource.fhirType().equals("OperationOutcome")) {
					BundleIds.normalise(resource, entry.getFullUrl(), key + "-" + index);
					entries.add(resource);
				}
				index++;
			}
			return entries;
		}
		Resource resource = (Resource) parsed;
		BundleIds.normalise(resource, null, key);
		return List.of(resource);
	}

	private Source fetchMissing(CdsRequest request, String ownBase, Set<Part> missing, List<Resource> resources) {
		String server = request.fhirServer() == null ? null : normalise(request.fhirServer());
		if (server == null || server.equals(normalise(ownBase)) || selfServers.contains(server)) {
			try {
				Map<Part, List<Resource>> found =
						store.gather(request.patientId(), missing, new SystemRequestDetails());
				found.values().forEach(resources::addAll);
				return Source.STORE;
			} catch (ResourceNotFoundException | ResourceGoneException e) {
				throw CdsException.preconditionFailed("Patient/" + request.patientId()
						+ " is not in this server's store and the request's prefetch does not supply it");
			}
		}
		if (!allowedServers.contains(server)) {
			throw CdsException.preconditionFailed("The prefetch is incomplete and fhirServer " + server
					+ " is not on this service's allow-list (somaxis.cds.allowed-fhir-servers)");
		}
		for (CdsServiceCatalog.Template template : CdsServiceCatalog.TEMPLATES) {
			if (missing.contains(template.part())) {
				String query = template.query().replace("{{context.patientId}}", request.patientId());
				resources.addAll(remote.fetch(server, query, request.accessToken()));
			}
		}
		return Source.REMOTE;
	}

	private static Resolved assemble(String patientId, List<Resource> resources, Source source) {
		List<Patient> patients = resources.stream()
				.filter(Patient.class::isInstance)
				.map(Patient.class::cast)
				.toList();
		if (patients.size() != 1) {
			throw CdsException.preconditionFailed(
					"Expected exactly one Patient for context.patientId " + patientId + "; found " + patients.size());
		}
		List<Resource> ordered = new ArrayList<>(resources.size());
		ordered.add(patients.get(0));
		resources.stream().filter(resource -> !(resource instanceof Patient)).forEach(ordered::add);
		return new Resolved(patients.get(0), ordered, source);
	}

	static String normalise(String url) {
		String trimmed = url.trim();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}
}
