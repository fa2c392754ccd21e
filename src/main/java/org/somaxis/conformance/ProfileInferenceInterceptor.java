package org.somaxis.conformance;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * Adds the Somaxis profiles a resource's codes call for ({@link ProfileInference}) to its {@code meta.profile}
 * before it is validated and stored. Runs on the storage pointcuts, so REST writes, transaction entries, PATCH
 * and internal writes all pass through it, and before {@link UnprocessableValidatingInterceptor} (lower order).
 */
@Interceptor
public final class ProfileInferenceInterceptor {
	/** Before the validating interceptor, whose hooks have the default order 0. */
	public static final int ORDER = -100;

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = ORDER)
	public void created(IBaseResource resource) {
		declareInferredProfiles(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = ORDER)
	public void updated(IBaseResource oldResource, IBaseResource newResource) {
		declareInferredProfiles(newResource);
	}

	/** Adds every inferred profile the resource does not declare yet; returns the ones added. */
	public static List<String> declareInferredProfiles(IBaseResource resource) {
		if (!(resource instanceof Resource r4)) {
			return List.of();
		}
		List<String> missing = ProfileInference.profilesFor(resource).stream()
				.filter(url -> !r4.getMeta().hasProfile(url))
				.toList();
		missing.forEach(url -> r4.getMeta().addProfile(url));
		return missing;
	}
}
