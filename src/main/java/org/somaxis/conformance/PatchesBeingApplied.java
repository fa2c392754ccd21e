package org.somaxis.conformance;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.IdentityHashMap;
import java.util.Map;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.aop.Advisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.NameMatchMethodPointcut;
import org.springframework.aop.support.RootClassFilter;

/**
 * Around HAPI's DAO patch methods: each patch as the DAO received it (its type and document), for the checks of its
 * result ({@link PatchDocument}). A PATCH request's result is stored inside the DAO's call, on its thread; a transaction's
 * or batch's PATCH entry is patched in a first pass and stored in a second, so its result is kept with its patch in the
 * request. The document checked is so the very one applied: it was found by the entry's URL, which a query string
 * ({@code Observation/1?_pretty=true}) or a second entry that might name the same resource led astray (probe 79,
 * P79-C1, M1, M2).
 */
public final class PatchesBeingApplied implements MethodInterceptor {
	/** A patch the DAO is applying: its type, its document (null for a FHIRPath Patch), and what it names. */
	record Applying(PatchTypeEnum type, String document, IIdType id, String conditionalUrl) {}

	private static final ThreadLocal<Applying> CURRENT = new ThreadLocal<>();
	/** Key, in the request's user data, of each patched resource's patch, by the resource's identity. */
	private static final String MADE = PatchesBeingApplied.class.getName() + ".made";

	/** The advisor: {@code patch} and {@code patchInTransaction} of every resource DAO. */
	public static Advisor advisor() {
		NameMatchMethodPointcut methods = new NameMatchMethodPointcut();
		methods.setMappedNames("patch", "patchInTransaction");
		return new DefaultPointcutAdvisor(
				new ComposablePointcut(new RootClassFilter(IFhirResourceDao.class), methods), new PatchesBeingApplied());
	}

	/**
	 * The patch that made {@code resource}: the one the DAO is applying on this thread (a PATCH request, stored inside
	 * the DAO's call), else the one whose result it is, for a transaction's or batch's entry, which HAPI patches in a
	 * first pass and stores in a second, after the DAO's call returned. Null for a resource no patch made.
	 */
	static Applying of(RequestDetails request, IBaseResource resource) {
		Applying current = CURRENT.get();
		if (current != null) {
			return current;
		}
		Map<IBaseResource, Applying> made = request == null ? null : request.getUserData().get(MADE) instanceof Map<?, ?> map
				? cast(map) : null;
		return made == null ? null : made.get(resource);
	}

	@SuppressWarnings("unchecked")
	private static Map<IBaseResource, Applying> cast(Map<?, ?> map) {
		return (Map<IBaseResource, Applying>) map;
	}

	@Override
	public Object invoke(MethodInvocation invocation) throws Throwable {
		Applying applying = of(invocation.getArguments());
		if (applying == null) {
			return invocation.proceed();
		}
		Applying outer = CURRENT.get(); // patch calls patchInTransaction: the same patch
		CURRENT.set(applying);
		Object outcome;
		try {
			outcome = invocation.proceed();
		} finally {
			if (outer == null) {
				CURRENT.remove();
			} else {
				CURRENT.set(outer);
			}
		}
		RequestDetails request = requestOf(invocation.getArguments());
		if (outcome instanceof DaoMethodOutcome patched && patched.getResource() != null && request != null) {
			// stored later, in the transaction's second pass, as this very object
			Map<IBaseResource, Applying> made = cast((Map<?, ?>) request.getUserData().computeIfAbsent(MADE,
					key -> java.util.Collections.synchronizedMap(new IdentityHashMap<IBaseResource, Applying>())));
			made.put(patched.getResource(), applying);
		}
		return outcome;
	}

	private static RequestDetails requestOf(Object[] arguments) {
		for (Object argument : arguments) {
			if (argument instanceof RequestDetails request) {
				return request;
			}
		}
		return null;
	}

	/** The patch among a DAO patch method's arguments: its type, then its document; its id and conditional URL first. */
	private static Applying of(Object[] arguments) {
		IIdType id = null;
		String conditionalUrl = null;
		for (int i = 0; i < arguments.length; i++) {
			if (arguments[i] instanceof IIdType given) {
				id = given;
			} else if (arguments[i] instanceof PatchTypeEnum type) {
				String document = i + 1 < arguments.length && arguments[i + 1] instanceof String body ? body : null;
				return new Applying(type, document, id, conditionalUrl);
			} else if (arguments[i] instanceof String url && conditionalUrl == null) {
				conditionalUrl = url;
			}
		}
		return null;
	}
}
