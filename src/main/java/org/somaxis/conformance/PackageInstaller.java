package org.somaxis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.StringType;
import org.somaxis.conformance.PackageBuilder.FhirPackage;
import org.somaxis.conformance.PackageBuilder.PackageFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the Somaxis FHIR package into the database, once per distinct package.
 *
 * <p>The SHA-256 of the installed package is kept in an extension of the stored ImplementationGuide
 * ({@value #HASH_EXTENSION}). At startup the package is installed with HAPI's {@code STORE_AND_INSTALL} (package
 * cache plus every StructureDefinition, CodeSystem, ValueSet and ConceptMap as a resource) only when that hash
 * differs from the package built from the classpath; otherwise nothing is written.
 */
public final class PackageInstaller {
	public static final String HASH_EXTENSION = PackageBuilder.CANONICAL + "/StructureDefinition/package-sha256";
	public static final String IG_ID = "somaxis";
	private static final Logger log = LoggerFactory.getLogger(PackageInstaller.class);

	private final IPackageInstallerSvc installer;
	private final DaoRegistry daoRegistry;
	private final IFhirResourceDao<ImplementationGuide> implementationGuides;
	private final FhirContext fhirContext;
	private final IHapiPackageCacheManager packageCache;

	public PackageInstaller(
			IPackageInstallerSvc installer, IHapiPackageCacheManager packageCache, DaoRegistry daoRegistry, FhirContext fhirContext) {
		this.installer = installer;
		this.packageCache = packageCache;
		this.daoRegistry = daoRegistry;
		this.implementationGuides = daoRegistry.getResourceDao(ImplementationGuide.class);
		this.fhirContext = fhirContext;
	}

	/** What happened at startup. */
	public record Outcome(boolean installed, String sha256, long millis) {}

	public Outcome installIfChanged(FhirPackage fhirPackage) {
		long start = System.nanoTime();
		Optional<ImplementationGuide> stored = storedGuide();
		Optional<String> storedHash = stored.map(PackageInstaller::hashOf);
		if (storedHash.filter(fhirPackage.sha256()::equals).isPresent()) {
			return new Outcome(false, fhirPackage.sha256(), millisSince(start));
		}
		PackageInstallationSpec spec = new PackageInstallationSpec()
				.setName(PackageBuilder.PACKAGE_NAME)
				.setVersion(fhirPackage.version())
				.setPackageContents(fhirPackage.bytes())
				.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
				.setFetchDependencies(false);
		spec.setReloadExisting(true);
		if (stored.isPresent()) {
			// same version with other content (artefacts edited without a version bump): replace the cached copy
			log.info("FHIR package {} changed (sha256 {} -> {}), reinstalling",
					fhirPackage.fileName(), storedHash.orElse("none"), fhirPackage.sha256());
			installer.uninstall(spec);
		}
		installer.install(spec);
		ImplementationGuide guide = packagedGuide(fhirPackage);
		pointAtInstalledResources(guide, fhirPackage);
		guide.addExtension(HASH_EXTENSION, new StringType(fhirPackage.sha256()));
		implementationGuides.update(guide, new SystemRequestDetails());
		return new Outcome(true, fhirPackage.sha256(), millisSince(start));
	}

	/**
	 * Installs a further package ({@code somaxis.conformance.packages}) with {@code STORE_AND_INSTALL}, unless the
	 * package cache already holds the same name and version with the same bytes (SHA-256).
	 */
	public Outcome installIfChanged(ExtraPackages.ExtraPackage extra) {
		long start = System.nanoTime();
		Optional<byte[]> cached = cachedContents(extra.name(), extra.version());
		if (cached.map(PackageBuilder::sha256).filter(extra.sha256()::equals).isPresent()) {
			return new Outcome(false, extra.sha256(), millisSince(start));
		}
		PackageInstallationSpec spec = new PackageInstallationSpec()
				.setName(extra.name())
				.setVersion(extra.version())
				.setPackageContents(extra.bytes())
				.setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
				.setFetchDependencies(false);
		spec.setReloadExisting(true);
		if (cached.isPresent()) {
			installer.uninstall(spec);
		}
		installer.install(spec);
		return new Outcome(true, extra.sha256(), millisSince(start));
	}

	private Optional<byte[]> cachedContents(String name, String version) {
		try {
			return Optional.ofNullable(packageCache.loadPackageContents(name, version))
					.map(IHapiPackageCacheManager.PackageContents::getBytes);
		} catch (ResourceNotFoundException e) {
			return Optional.empty();
		}
	}

	Optional<ImplementationGuide> storedGuide() {
		try {
			return Optional.of(implementationGuides.read(new IdType("ImplementationGuide", IG_ID), new SystemRequestDetails()));
		} catch (ResourceNotFoundException | ResourceGoneException e) {
			return Optional.empty();
		}
	}

	ImplementationGuide packagedGuide(FhirPackage fhirPackage) {
		PackageFile file = fhirPackage.files().stream()
				.filter(f -> f.name().equals("ImplementationGuide-" + IG_ID + ".json"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("The package has no ImplementationGuide-" + IG_ID + ".json"));
		return fhirContext.newJsonParser()
				.parseResource(ImplementationGuide.class, new String(file.bytes(), StandardCharsets.UTF_8));
	}

	/**
	 * HAPI's installer gives the installed resources server-assigned ids, so the guide's references
	 * ({@code ValueSet/gh-peptides}) are rewritten to the stored resources, found by canonical URL. An entry whose
	 * resource the installer does not install (a type outside its list) is left out of the stored guide.
	 */
	void pointAtInstalledResources(ImplementationGuide guide, FhirPackage fhirPackage) {
		Map<String, String> urlByReference = ConformanceArtefacts.parse(fhirContext, fhirPackage.files()).stream()
				.filter(r -> r.getIdElement().hasIdPart() && url(r) != null)
				.collect(Collectors.toMap(
						r -> fhirContext.getResourceType(r) + "/" + r.getIdElement().getIdPart(), PackageInstaller::url, (a, b) -> a));
		Iterator<ImplementationGuide.ImplementationGuideDefinitionResourceComponent> entries =
				guide.getDefinition().getResource().iterator();
		while (entries.hasNext()) {
			ImplementationGuide.ImplementationGuideDefinitionResourceComponent entry = entries.next();
			String reference = entry.getReference().getReference();
			String url = urlByReference.get(reference);
			Optional<String> stored = url == null ? Optional.empty() : storedId(reference.substring(0, reference.indexOf('/')), url);
			if (stored.isPresent()) {
				entry.getReference().setReference(stored.get());
			} else {
				// examples are not in the package; anything else missing is worth a warning
				if (!entry.hasExampleCanonicalType()
						&& !(entry.hasExampleBooleanType() && entry.getExampleBooleanType().booleanValue())) {
					log.warn("ImplementationGuide entry {} is not installed by the package installer; left out of the stored guide",
							reference);
				}
				entries.remove();
			}
		}
	}

	private Optional<String> storedId(String resourceType, String url) {
		if (!daoRegistry.isResourceTypeSupported(resourceType)) {
			return Optional.empty();
		}
		IBundleProvider found = daoRegistry.getResourceDao(resourceType)
				.search(SearchParameterMap.newSynchronous("url", new UriParam(url)), new SystemRequestDetails());
		return found.getResources(0, 1).stream()
				.findFirst()
				.map(r -> resourceType + "/" + r.getIdElement().getIdPart());
	}

	private static String url(IBaseResource resource) {
		return resource instanceof org.hl7.fhir.r4.model.MetadataResource metadata && metadata.hasUrl()
				? metadata.getUrl()
				: null;
	}

	/** The hash recorded on the guide; null (so the package is installed again) when it has none, two, or no value. */
	static String hashOf(ImplementationGuide guide) {
		List<org.hl7.fhir.r4.model.Extension> hashes = guide.getExtensionsByUrl(HASH_EXTENSION);
		return hashes.size() == 1 && hashes.get(0).getValue() != null ? hashes.get(0).getValue().primitiveValue() : null;
	}

	private static long millisSince(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}
}
