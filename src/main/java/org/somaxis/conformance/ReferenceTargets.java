package org.somaxis.conformance;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.util.IModelVisitor2;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * The resource types a held profile lets a reference name ({@code targetProfile}): the profiles of the package make
 * {@code Observation.subject} of an IGF-1 a {@code Reference(Patient)}, but the HL7 validator, run without a resolver of
 * references, checks no reference's target, and the storage checks only the types R4 itself allows (a {@code Group} is
 * one). So a result or order about a Group was stored, and stamped with the profile it does not meet, about no patient
 * whose guidance would read it (probe 54, P54-M2). A reference names its type by its literal ({@code Group/1},
 * {@code http://host/fhir/Group/1}, a conditional {@code Group?identifier=...}), a transaction's {@code urn:uuid:}
 * placeholder by the entry it names, or, without a literal, by {@code type}; a contained ({@code #x}) reference is not
 * judged here (the HL7 validator judges it). Only elements of the resource itself
 * ({@code Observation.subject}, {@code Observation.derivedFrom}), outside slices, are read.
 */
final class ReferenceTargets {
	/** The message id of these errors. */
	static final String MESSAGE_ID = "somaxis-reference-target";

	/**
	 * The resource types of the Bundle a write on this thread is an entry of, by {@code fullUrl}: a transaction's
	 * {@code urn:uuid:} placeholders are still in the entry when it is validated (HAPI resolves them after), and an
	 * IGF-1 about a Group entry was stored with the profile (probe 55, P55-m1). Set by {@link WriteValidationInterceptor}.
	 */
	private static final ThreadLocal<Map<String, String>> PLACEHOLDER_TYPES = new ThreadLocal<>();

	private final FhirContext fhirContext;
	private final IValidationSupport validationSupport;
	/** Per profile canonical, its constrained reference elements: path to the types they may name. */
	private final Map<String, Map<String, Set<String>>> targetsByProfile = new ConcurrentHashMap<>();

	ReferenceTargets(FhirContext fhirContext, IValidationSupport validationSupport) {
		this.fhirContext = fhirContext;
		this.validationSupport = validationSupport;
	}

	/** Runs {@code validation} with the placeholders of the Bundle's entries known by type (fullUrl to resource type). */
	static <T> T withPlaceholders(Map<String, String> typesByFullUrl, java.util.function.Supplier<T> validation) {
		PLACEHOLDER_TYPES.set(typesByFullUrl);
		try {
			return validation.get();
		} finally {
			PLACEHOLDER_TYPES.remove();
		}
	}

	/** An error at each reference of the resource that names a type one of the held profiles does not allow there. */
	void check(Resource resource, Collection<String> heldProfiles, List<SingleValidationMessage> messages) {
		for (String profile : heldProfiles) {
			targets(profile).forEach((path, allowed) -> {
				List<IBase> values = fhirContext.newTerser().getValues(resource, path);
				for (int i = 0; i < values.size(); i++) {
					String type = values.get(i) instanceof Reference reference ? typeOf(reference) : null;
					if (type != null && !allowed.contains(type)) {
						String at = values.size() > 1 ? path + "[" + i + "]" : path;
						messages.add(error(at, at + " names a " + type + ", where profile " + profile + " allows "
								+ String.join(" or ", allowed) + " only"));
					}
				}
			});
		}
	}

	/**
	 * An error at each reference of the resource, at any depth, whose literal is a conditional reference without the type
	 * it searches ({@code ?identifier=...}): HAPI's storage failed on it with 500 (create, transaction) or answered a
	 * batch entry with its exception's text, and {@code $validate} said "no issues" (probe 55, P55-M2).
	 */
	void typelessConditionals(Resource resource, List<SingleValidationMessage> messages) {
		String resourceType = resource.fhirType();
		fhirContext.newTerser().visit(resource, new IModelVisitor2() {
			@Override
			public boolean acceptElement(IBase element, List<IBase> containing, List<BaseRuntimeChildDefinition> children,
					List<BaseRuntimeElementDefinition<?>> elements) {
				if (element instanceof Reference reference && reference.getReference() != null
						&& reference.getReference().startsWith("?") && !children.isEmpty()) {
					String at = BaseSpecChecks.pathOf(resourceType, children);
					messages.add(error(at, at + " is a conditional reference without the type it searches ("
							+ reference.getReference() + "): give the type first, Patient?identifier=..."));
				}
				return true;
			}
		});
	}

	private static SingleValidationMessage error(String at, String text) {
		return BaseSpecChecks.error(MESSAGE_ID, at, text);
	}

	private Map<String, Set<String>> targets(String profile) {
		return targetsByProfile.computeIfAbsent(profile, canonical -> {
			int bar = canonical.indexOf('|');
			Object fetched = validationSupport.fetchStructureDefinition(bar < 0 ? canonical : canonical.substring(0, bar));
			Map<String, Set<String>> targets = new java.util.LinkedHashMap<>();
			if (!(fetched instanceof StructureDefinition definition)) {
				return targets;
			}
			for (ElementDefinition element : definition.getSnapshot().getElement()) {
				// the resource's own elements, outside slices: Observation.subject, not Observation.component.x
				if (element.getId() == null || element.getId().contains(":") || element.getPath().split("\\.").length != 2) {
					continue;
				}
				Set<String> allowed = new TreeSet<>();
				boolean constrained = false;
				for (ElementDefinition.TypeRefComponent type : element.getType()) {
					if (!"Reference".equals(type.getCode())) {
						continue;
					}
					if (!type.hasTargetProfile()) {
						constrained = false;
						break; // any type
					}
					constrained = true;
					for (org.hl7.fhir.r4.model.CanonicalType target : type.getTargetProfile()) {
						String targetType = typeOfProfile(target.getValue());
						if (targetType == null || "Resource".equals(targetType)) {
							constrained = false; // a target this server cannot place: any type may be it
						} else {
							allowed.add(targetType);
						}
					}
					if (!constrained) {
						break;
					}
				}
				if (constrained) {
					targets.put(element.getPath(), allowed);
				}
			}
			return targets;
		});
	}

	/** The resource type a target profile constrains: a core type's own, or a held profile's {@code type}; null if unknown. */
	private String typeOfProfile(String canonical) {
		Object fetched = validationSupport.fetchStructureDefinition(canonical);
		return fetched instanceof StructureDefinition definition ? definition.getType() : null;
	}

	/** The resource type a reference names, or null when it names none this check can judge. */
	private String typeOf(Reference reference) {
		String literal = reference.getReference();
		String type;
		if (literal == null || literal.isBlank()) {
			type = reference.hasType() ? reference.getType() : null;
			if (type != null && type.contains("/")) {
				type = type.substring(type.lastIndexOf('/') + 1); // the canonical of a core type's definition
			}
		} else if (literal.startsWith("urn:")) {
			Map<String, String> placeholders = PLACEHOLDER_TYPES.get();
			type = placeholders == null ? null : placeholders.get(literal);
		} else if (literal.startsWith("#")) {
			return null;
		} else if (literal.contains("?")) {
			// a conditional reference, relative or absolute (http://host/fhir/Group?identifier=...): the type ends its path
			String path = literal.substring(0, literal.indexOf('?'));
			type = path.substring(path.lastIndexOf('/') + 1);
		} else {
			type = new IdType(literal).getResourceType();
		}
		return type != null && fhirContext.getResourceTypes().contains(type) ? type : null;
	}
}
