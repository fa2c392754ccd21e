package org.somaxis.security.smart;

import java.util.List;
import org.somaxis.security.smart.SmartScope.Context;
import org.somaxis.security.smart.SmartScope.Permission;

/**
 * What one access token lets its bearer do: its resource scopes, the patient in context and who it is (for the
 * audit trail). Built once per request from the verified JWT.
 *
 * <p>Rules that are not in the scope grammar itself:
 * <ul>
 *   <li>{@code patient/} scopes grant nothing without a patient in context (the configured claim, default
 *       {@code patient}).
 *   <li>{@code AuditEvent} is reached only by a {@code system/} scope that names it ({@code system/AuditEvent.rs}) or by
 *       the configured admin scope; wildcards never reach it, and nothing may write it.
 *   <li>{@code Binary} (where bulk export files live) is reached only by {@code system/} scopes.
 *   <li>{@code SearchParameter} is written (created, updated, deleted) only by a {@code system/} scope that names it
 *       ({@code system/SearchParameter.cud}): a stored one changes what every client's searches find, and its write
 *       starts a reindex of every resource of its base types. Wildcards still read and search it.
 * </ul>
 *
 * @param patientId the patient in context (id part only), or null
 * @param subject the token's {@code sub}; {@code fhirUser} and {@code clientId} may be null
 * @param auditAdmin the token carries the configured audit admin scope
 */
public record SmartAccess(
		List<SmartScope> scopes, String patientId, String subject, String fhirUser, String clientId, boolean auditAdmin) {

	public static final String AUDIT_EVENT = "AuditEvent";
	private static final String BINARY = "Binary";
	private static final String SEARCH_PARAMETER = "SearchParameter";

	/** The scopes that actually grant something (patient scopes only with a patient in context). */
	public List<SmartScope> effective() {
		return scopes.stream().filter(s -> s.context() != Context.PATIENT || patientId != null).toList();
	}

	/** Whether some scope allows {@code permission} on {@code type} at all (filters and compartment apply to results). */
	public boolean permits(String type, Permission permission) {
		if (AUDIT_EVENT.equals(type)) {
			return (permission == Permission.READ || permission == Permission.SEARCH) && readsAuditEvents(permission);
		}
		return effective().stream().anyMatch(s -> grants(s, type, permission));
	}

	/** Whether some scope of the given context allows {@code permission} on {@code type}. */
	public boolean permits(Context context, String type, Permission permission) {
		return effective().stream()
				.anyMatch(s -> s.context() == context && grants(s, type, permission));
	}

	/** Whether any scope allows search on some type (paging through a search the token started). */
	public boolean searchesAnything() {
		return effective().stream().anyMatch(s -> s.allows(Permission.SEARCH));
	}

	/**
	 * True when every scope that can read is a patient scope: searches are then narrowed to the patient's compartment
	 * (and refused where they cannot be).
	 */
	public boolean patientOnly() {
		List<SmartScope> effective = effective();
		return patientId != null
				&& !effective.isEmpty()
				&& effective.stream().allMatch(s -> s.context() == Context.PATIENT);
	}

	/** True when some results may have to be withheld: patient context, fine-grained filters or limited types. */
	public boolean restricted() {
		return !effective().stream()
				.anyMatch(s -> s.context() != Context.PATIENT
						&& s.resourceType().equals(SmartScope.ANY_TYPE)
						&& s.filter().isEmpty()
						&& s.allows(Permission.READ)
						&& s.allows(Permission.SEARCH));
	}

	public boolean hasSystemScope() {
		return effective().stream().anyMatch(s -> s.context() == Context.SYSTEM);
	}

	/** The scopes that could let the bearer see a resource of {@code type} (read or search). */
	public List<SmartScope> readScopes(String type) {
		if (AUDIT_EVENT.equals(type) && !auditAdmin) {
			return effective().stream()
					.filter(s -> s.context() == Context.SYSTEM && AUDIT_EVENT.equals(s.resourceType()))
					.filter(s -> s.allows(Permission.READ) || s.allows(Permission.SEARCH))
					.toList();
		}
		if (AUDIT_EVENT.equals(type)) {
			return List.of(new SmartScope(Context.SYSTEM, AUDIT_EVENT, java.util.EnumSet.of(Permission.READ, Permission.SEARCH),
					java.util.Map.of()));
		}
		return effective().stream()
				.filter(s -> reaches(s, type))
				.filter(s -> s.allows(Permission.READ) || s.allows(Permission.SEARCH))
				.toList();
	}

	/**
	 * Whether every resource of {@code type} that a search (or a conditional create's criteria) could match is one
	 * this token may see: some scope reads the type without a filter, and is either not a patient scope or belongs to a
	 * patient-context token (whose searches are narrowed to its patient's compartment; HAPI does not narrow those of
	 * Task and GuidanceResponse, which lie outside it, {@link PatientScopeReach}). Then nothing is withheld from
	 * its search results, and they are the same as any other such token's for the same (narrowed) query. Never for
	 * Binary: an export file is only its own client's, so no two clients' Binary searches may share their results.
	 */
	public boolean seesEveryMatch(String type) {
		if (BINARY.equals(type)) {
			return false; // a Binary may be another client's bulk export file (ExportOwner)
		}
		boolean narrowed = patientOnly() && PatientScopeReach.kind(type) != PatientScopeReach.Kind.NAMES_PATIENT;
		return readScopes(type).stream()
				.anyMatch(s -> s.filter().isEmpty() && (s.context() != Context.PATIENT || narrowed));
	}

	/**
	 * Whether a search of {@code type} that nothing narrows or filters (HAPI's resolution of a conditional reference,
	 * {@code "reference": "Patient?identifier=..."}) finds only what this token may search: a {@code user/} or
	 * {@code system/} scope searches the type without a filter. Never Binary (another client's export files).
	 */
	public boolean searchesEveryResource(String type) {
		return !BINARY.equals(type) && permits(type, Permission.SEARCH) && readScopes(type).stream()
				.anyMatch(s -> s.context() != Context.PATIENT && s.filter().isEmpty() && s.allows(Permission.SEARCH));
	}

	/**
	 * Whether a search of {@code type} may return its matches unchecked (HAPI's per-resource consent check skipped, and
	 * its stored results shared with other such tokens): {@link #seesEveryMatch}, and for a patient-context token only
	 * where what its narrowed search finds is what it may read ({@link PatientScopeReach#narrowedByPatient}: not Group
	 * or Person, read only when no other patient is named, nor Task). For {@code *} (a patient's {@code $evaluate}, which returns guidance, not the resources
	 * it read with the patient's own searches) the narrowing suffices.
	 */
	public boolean returnsEveryMatchUnchecked(String type) {
		return seesEveryMatch(type)
				&& (!patientOnly() || SmartScope.ANY_TYPE.equals(type) || PatientScopeReach.narrowedByPatient(type));
	}

	/** The scopes that allow {@code permission} on {@code type}, for checking a written resource. */
	public List<SmartScope> scopesFor(String type, Permission permission) {
		return effective().stream().filter(s -> grants(s, type, permission)).toList();
	}

	private boolean readsAuditEvents(Permission permission) {
		return auditAdmin
				|| effective().stream()
						.anyMatch(s -> s.context() == Context.SYSTEM && AUDIT_EVENT.equals(s.resourceType()) && s.allows(permission));
	}

	private static boolean grants(SmartScope scope, String type, Permission permission) {
		if (!reaches(scope, type) || !scope.allows(permission)) {
			return false;
		}
		boolean write = permission == Permission.CREATE || permission == Permission.UPDATE || permission == Permission.DELETE;
		return !(write && SEARCH_PARAMETER.equals(type))
				|| (scope.context() == Context.SYSTEM && SEARCH_PARAMETER.equals(scope.resourceType()));
	}

	private static boolean reaches(SmartScope scope, String type) {
		if (AUDIT_EVENT.equals(type)) {
			return false;
		}
		if (BINARY.equals(type) && scope.context() != Context.SYSTEM) {
			return false;
		}
		if (scope.context() == Context.PATIENT && !SmartScope.ANY_TYPE.equals(type) && !PatientScopeReach.reachable(type)) {
			return false;
		}
		return scope.coversType(type);
	}
}
