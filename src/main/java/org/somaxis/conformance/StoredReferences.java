package org.somaxis.conformance;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeChildResourceDefinition;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry.SearchParamLookupContextEnum;
import ca.uhn.fhir.util.IModelVisitor2;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.somaxis.fhir.SearchParamPaths;

/**
 * What the storage checks of a resource's references on a write, for {@code $validate} to say the same: a reference to
 * this server ({@code Patient/1}) must name a resource type its element allows (HAPI refuses the write with 422,
 * HAPI-0931) and a resource that exists and is not deleted (HAPI refuses the write with 400). HAPI's {@code $validate}
 * checked neither and said "no issues". As HAPI's storage, only references a search parameter indexes are checked
 * ({@code Condition.subject}, not {@code Patient.contact.organization} nor one inside a contained resource). Contained
 * ({@code #x}), {@code urn:} and absolute references are not checked; one to this server's own base is first written
 * relative for {@code $validate} as a write stores it ({@link #asAWriteStoresThem}), and then checked (probe 65,
 * P65-M2). Each referenced resource is read once. The type check also runs on a
 * write, before the storage, so that its refusal is located as {@code $validate}'s is.
 */
public final class StoredReferences {
	/** The message id of these messages. */
	public static final String MESSAGE_ID = "somaxis-stored-reference";
	/** {@code Type?criteria}: a conditional reference, as a transaction or a single write may carry it. */
	private static final java.util.regex.Pattern CONDITIONAL = java.util.regex.Pattern.compile("[A-Z][A-Za-z]+\\?.+");

	private final FhirContext fhirContext;
	private final Supplier<DaoRegistry> daos;
	private final Supplier<ISearchParamRegistry> searchParams;
	private final BiConsumer<IBaseResource, String> ownBaseMadeLocal;

	/**
	 * @param daos the store's DAOs, asked for at the first check (the DAOs' own $validate runs this validator)
	 * @param searchParams the active search parameters, which say which references the storage checks
	 * @param ownBaseMadeLocal what a write does, before it validates, to a resource's absolute references to this
	 *     server (the resource, the base the request arrived on): writes them relative
	 */
	public StoredReferences(FhirContext fhirContext, Supplier<DaoRegistry> daos, Supplier<ISearchParamRegistry> searchParams,
			BiConsumer<IBaseResource, String> ownBaseMadeLocal) {
		this.fhirContext = fhirContext;
		this.daos = daos;
		this.searchParams = searchParams;
		this.ownBaseMadeLocal = ownBaseMadeLocal;
	}

	/**
	 * Writes the resource's absolute references to this server relative, as a write does before it validates, so that
	 * {@code $validate} judges them as the write does (a version that does not exist, a type the element does not take).
	 *
	 * @param ownBase the base the {@code $validate} request arrived on
	 */
	public void asAWriteStoresThem(IBaseResource resource, String ownBase) {
		ownBaseMadeLocal.accept(resource, ownBase);
	}

	/**
	 * The resource's references to this server that name a type their element does not take, each an error at its
	 * element: what the storage refuses with HAPI-0931, which locates nothing; and those that name a version their
	 * resource never had ({@code Observation/1/_history/99}), which the storage stored. Run on a write before the
	 * storage, and by {@code $validate}, so both say the same at the same place (probe 55, P55-m3).
	 */
	public void checkTypes(IBaseResource resource, List<SingleValidationMessage> messages) {
		check(resource, messages, false);
	}

	/**
	 * The resource's references to this server that name no resource it holds (not found, deleted), each an error at its
	 * element: what a write's storage refuses; for {@code $validate}, which the storage does not run.
	 */
	public void checkTargets(IBaseResource resource, List<SingleValidationMessage> messages) {
		check(resource, messages, true);
	}

	/** @param targets whether to check that the references name stored resources, else that their types fit */
	private void check(IBaseResource resource, List<SingleValidationMessage> messages, boolean targets) {
		String resourceType = fhirContext.getResourceType(resource);
		Set<String> indexed = indexedReferencePaths(resourceType);
		Map<String, String> problemByTarget = new HashMap<>();
		fhirContext.newTerser().visit(resource, new IModelVisitor2() {
			@Override
			public boolean acceptElement(IBase element, List<IBase> containing, List<BaseRuntimeChildDefinition> children,
					List<BaseRuntimeElementDefinition<?>> elements) {
				if (element instanceof IBaseReference reference && !children.isEmpty()
						&& children.get(children.size() - 1) instanceof RuntimeChildResourceDefinition child) {
					String path = BaseSpecChecks.pathOf(resourceType, children);
					String literal = reference.getReferenceElement().getValue();
					if (targets && literal != null && CONDITIONAL.matcher(literal).matches()) {
						// resolved by the write alone, wherever it stands (also in a contained resource, P64-M5), against the
						// store as the client may see it: $validate says so rather than "No issues" (probe 63, P63-M2)
						messages.add(conditional(path, "Conditional reference " + literal + " at " + path + " is resolved"
								+ " only when the resource is written: the write answers 404 if no resource matches it and"
								+ " 412 if more than one does"));
					} else if (indexed.contains(path)) {
						check(literal, child, path, targets, problemByTarget, messages);
					}
				}
				return true;
			}
		});
	}

	private void check(String literal, RuntimeChildResourceDefinition child, String path, boolean targets,
			Map<String, String> problemByTarget, List<SingleValidationMessage> messages) {
		if (literal == null || literal.startsWith("#") || literal.startsWith("urn:")) {
			return;
		}
		if (literal.contains("?")) {
			return; // a conditional reference: named by the visit above, for $validate
		}
		IdType id = new IdType(literal);
		String type = id.getResourceType();
		if (id.isAbsolute() || type == null) {
			return;
		}
		if (!fhirContext.getResourceTypes().contains(type) || !allows(child, type)) {
			// as the write's storage reads it: Patient/p1/ names type "p1", group/g1 type "group" (probe 55, P55-M3)
			if (!targets) {
				messages.add(wrongType(path, "Invalid reference found at path '" + path + "'. Resource type '" + type
						+ "' is not valid for this path"));
			}
			return;
		}
		if (!targets && id.hasIdPart() && id.hasVersionIdPart() && daos.get().isResourceTypeSupported(type)) {
			// a version the resource never had: HAPI's storage checks the resource, not the version, and stored it
			// without a word (probe 64, P64-M6); on a write and in $validate alike, which both check types
			String version = type + "/" + id.getIdPart() + "/_history/" + id.getVersionIdPart();
			String problem = problemByTarget.computeIfAbsent(version, this::problemOf);
			if (!problem.isEmpty() && !problem.equals(problemByTarget.computeIfAbsent(type + "/" + id.getIdPart(),
					this::problemOf))) {
				messages.add(error(path, "Resource " + version + " " + problem + " (the resource has no such version),"
						+ " specified in path: " + path));
				return;
			}
		}
		if (!targets || !id.hasIdPart() || !daos.get().isResourceTypeSupported(type)) {
			return;
		}
		String target = type + "/" + id.getIdPart();
		String problem = problemByTarget.computeIfAbsent(target, this::problemOf);
		if (!problem.isEmpty()) {
			messages.add(error(path, "Resource " + target + " " + problem + ", specified in path: " + path));
		}
	}

	/** Why a write could not reference the resource or version ("not found", "is deleted"), or empty when it could. */
	private String problemOf(String target) {
		IdType id = new IdType(target);
		try {
			if (id.hasVersionIdPart() && !id.isVersionIdPartValidLong()) {
				return "not found";
			}
			daos.get().getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails());
			return "";
		} catch (ResourceNotFoundException e) {
			return "not found";
		} catch (ResourceGoneException e) {
			return "is deleted";
		}
	}

	/** The plain element paths ({@code Condition.subject}) of the type's reference search parameters. */
	private Set<String> indexedReferencePaths(String type) {
		Set<String> paths = new HashSet<>();
		for (RuntimeSearchParam param : searchParams.get().getActiveSearchParams(type, SearchParamLookupContextEnum.INDEX).values()) {
			if (param.getParamType() != RestSearchParameterTypeEnum.REFERENCE) {
				continue;
			}
			for (String path : param.getPathsSplitForResourceType(type)) {
				SearchParamPaths.plain(path).ifPresent(paths::add);
			}
		}
		return paths;
	}

	/** Whether the element may reference the type: any type when it names an abstract one (Resource). */
	private boolean allows(RuntimeChildResourceDefinition child, String type) {
		for (Class<? extends IBaseResource> allowed : child.getResourceTypes()) {
			if (allowed.isInterface() || Modifier.isAbstract(allowed.getModifiers())
					|| type.equals(fhirContext.getResourceType(allowed))) {
				return true;
			}
		}
		return false;
	}

	/** A reference of a type the element does not take: issue type {@code invalid}, as the write's (probe 55, P55-m3). */
	private static SingleValidationMessage wrongType(String path, String text) {
		return BaseSpecChecks.error(MESSAGE_ID, org.hl7.fhir.r4.model.OperationOutcome.IssueType.INVALID, path, text);
	}

	/** A conditional reference, which only the write resolves: a warning, so $validate does not answer "No issues". */
	private static SingleValidationMessage conditional(String path, String text) {
		SingleValidationMessage message = new TypedMessage(org.hl7.fhir.r4.model.OperationOutcome.IssueType.INCOMPLETE);
		message.setSeverity(ca.uhn.fhir.validation.ResultSeverityEnum.WARNING);
		message.setLocationString(path);
		message.setMessageId(MESSAGE_ID);
		message.setMessage(text);
		return message;
	}

	private static SingleValidationMessage error(String path, String text) {
		return BaseSpecChecks.error(MESSAGE_ID, path, text);
	}
}
