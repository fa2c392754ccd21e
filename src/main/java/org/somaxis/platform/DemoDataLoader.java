package org.somaxis.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ResourceLoader;

/**
 * Loads the demo transaction Bundles at startup, before the server reports ready. Every entry is a
 * conditional create, so loading twice changes nothing.
 */
public final class DemoDataLoader implements ApplicationRunner {
	private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

	private final List<String> bundleLocations;
	private final ResourceLoader resourceLoader;
	private final FhirContext fhirContext;
	private final IFhirSystemDao<Bundle, Meta> systemDao;

	public DemoDataLoader(
			List<String> bundleLocations,
			ResourceLoader resourceLoader,
			FhirContext fhirContext,
			IFhirSystemDao<Bundle, Meta> systemDao) {
		this.bundleLocations = bundleLocations;
		this.resourceLoader = resourceLoader;
		this.fhirContext = fhirContext;
		this.systemDao = systemDao;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		for (String location : bundleLocations) {
			Bundle bundle;
			try (InputStream in = resourceLoader.getResource(location).getInputStream()) {
				bundle = fhirContext.newJsonParser().parseResource(Bundle.class, in);
			}
			Bundle response = systemDao.transaction(new SystemRequestDetails(), bundle);
			long created = response.getEntry().stream()
					.filter(e -> e.getResponse().getStatus().startsWith("201"))
					.count();
			log.info("Demo data {}: {} entries, {} created", location, bundle.getEntry().size(), created);
		}
	}
}
