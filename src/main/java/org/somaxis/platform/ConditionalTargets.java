package org.somaxis.platform;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The resources a conditional url of a transaction entry ({@code Patient?identifier=...}) finds now, as
 * {@code Type/id}: what {@link TransactionPreconditions#requireOneChangePerResource} compares with the entries that name
 * a resource by id. HAPI resolves the url again when it runs the entry; a resource written in between by another request
 * is HAPI's to find.
 */
public final class ConditionalTargets {
	private final DaoRegistry daos;
	private final MatchUrlService matchUrls;

	public ConditionalTargets(DaoRegistry daos, MatchUrlService matchUrls) {
		this.daos = daos;
		this.matchUrls = matchUrls;
	}

	/** {@code Type/id} of each resource {@code url} ({@code Type?criteria}) finds; a type HAPI does not know, none. */
	List<String> find(String url, RequestDetails request) {
		String type = url.substring(0, url.indexOf('?'));
		if (!daos.isResourceTypeSupported(type)) {
			return List.of();
		}
		SearchParameterMap criteria = matchUrls.translateMatchUrl(url,
				daos.getSystemDao().getContext().getResourceDefinition(type));
		criteria.setLoadSynchronous(true);
		IFhirResourceDao<?> dao = daos.getResourceDao(type);
		List<IIdType> found = dao.searchForResourceIds(criteria, request);
		return found.stream().map(id -> type + "/" + id.getIdPart()).toList();
	}
}
