package org.somaxis.gather;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Substance;
import org.somaxis.guidance.record.Codes;

/**
 * The one resolver of {@code medicationReference}, for draft orders and for stored or prefetched orders and
 * statements alike. EHRs often name the drug through a Medication resource instead of a code on the order; the record
 * reads only codes, so the resolved copy carries the Medication's code and its ingredients' codes. A reference
 * resolves to a contained Medication
 * ({@code #id}) or to one of the Medications given here, by {@code Medication/id} (also as the tail of an absolute URL),
 * by the {@code fullUrl} of its Bundle entry, or by the {@code urn:uuid:} that {@link BundleIds} made its id. One that
 * does not resolve is left as it is, and its reader says so.
 */
final class MedicationReferences {
	private final Map<String, Medication> medications = new HashMap<>();
	private final Map<String, Substance> substances = new HashMap<>();

	/** The Medications among the resources, by {@code Medication/id}. */
	static MedicationReferences among(List<? extends Resource> resources) {
		MedicationReferences references = new MedicationReferences();
		for (Resource resource : resources) {
			if (resource instanceof Medication medication) {
				references.add(null, medication);
			} else if (resource instanceof Substance substance) {
				references.add(substance);
			}
		}
		return references;
	}

	/** Adds a Substance that an ingredient may name, by its id. */
	void add(Substance substance) {
		if (substance.getIdElement().hasIdPart()) {
			substances.put("Substance/" + substance.getIdElement().getIdPart(), substance);
		}
	}

	/** Adds a Medication by its id and, when given, by the fullUrl of its entry. */
	void add(String fullUrl, Medication medication) {
		if (fullUrl != null && !fullUrl.isBlank()) {
			medications.put(fullUrl, medication);
		}
		if (medication.getIdElement().hasIdPart()) {
			medications.put("Medication/" + medication.getIdElement().getIdPart(), medication);
		}
	}

	/**
	 * The resources as the record reads them: each MedicationRequest, MedicationStatement, MedicationAdministration and
	 * MedicationDispense whose reference resolves
	 * replaced by a copy with the Medication's code, everything else as it was (the originals stay what actions change).
	 */
	List<Resource> resolveAll(List<Resource> resources) {
		List<Resource> resolved = new ArrayList<>(resources.size());
		for (Resource resource : resources) {
			resolved.add(resolve(resource));
		}
		return resolved;
	}

	/** The resource with its medication code in place of a resolvable reference; else the resource itself. */
	Resource resolve(Resource resource) {
		Reference reference = medicationReference(resource);
		Medication medication = reference == null ? null : find((DomainResource) resource, reference);
		if (medication == null) {
			return resource;
		}
		CodeableConcept drug = drug((DomainResource) resource, medication);
		Resource copy = resource.copy();
		if (copy instanceof MedicationRequest request) {
			request.setMedication(drug);
		} else if (copy instanceof MedicationStatement statement) {
			statement.setMedication(drug);
		} else if (copy instanceof MedicationAdministration administration) {
			administration.setMedication(drug);
		} else if (copy instanceof MedicationDispense dispense) {
			dispense.setMedication(drug);
		}
		return copy;
	}

	/** The {@code medicationReference} of an order, statement, administration or dispense; else null. */
	private static Reference medicationReference(Resource resource) {
		if (resource instanceof MedicationRequest request && request.hasMedicationReference()) {
			return request.getMedicationReference();
		} else if (resource instanceof MedicationStatement statement && statement.hasMedicationReference()) {
			return statement.getMedicationReference();
		} else if (resource instanceof MedicationAdministration administration && administration.hasMedicationReference()) {
			return administration.getMedicationReference();
		} else if (resource instanceof MedicationDispense dispense && dispense.hasMedicationReference()) {
			return dispense.getMedicationReference();
		}
		return null;
	}

	/**
	 * The ids of the Medications that orders, statements, administrations and dispenses name as {@code Medication/id},
	 * or by an absolute URL on a server the source can read ({@code fetchable}), and that are not among the resources:
	 * what a source may still fetch. One named by another server's URL is never fetched by its id from the source (our
	 * store held an unrelated Medication of the same id, and an EHR's order was read as the wrong drug); if the data
	 * does not carry it, its reader names it.
	 *
	 * @param fetchable whether an absolute base names the server the source reads ({@link PatientDataSource#holdsBase})
	 */
	Set<String> missingIds(List<Resource> resources, java.util.function.Predicate<String> fetchable) {
		Set<String> missing = new TreeSet<>();
		for (Resource resource : resources) {
			Reference reference = medicationReference(resource);
			if (reference == null || reference.getReference() == null || reference.getReference().startsWith("#")
					|| find((DomainResource) resource, reference) != null) {
				continue;
			}
			IdType id = new IdType(reference.getReference());
			if ("Medication".equals(id.getResourceType()) && id.hasIdPart()
					&& (!id.isAbsolute() || fetchable.test(id.getBaseUrl()))) {
				missing.add(id.getIdPart());
			}
		}
		return missing;
	}

	/**
	 * The ids of the Substances that these Medications' ingredients name as {@code Substance/id} and that are not among
	 * them: a compounded vial often names its peptide as a Substance, which a source fetches with its Medications.
	 */
	static Set<String> missingSubstanceIds(List<? extends Resource> resources) {
		Set<String> present = new TreeSet<>();
		Set<String> named = new TreeSet<>();
		for (Resource resource : resources) {
			if (resource instanceof Substance substance && substance.getIdElement().hasIdPart()) {
				present.add(substance.getIdElement().getIdPart());
			} else if (resource instanceof Medication medication) {
				for (Medication.MedicationIngredientComponent ingredient : medication.getIngredient()) {
					String target = ingredient.hasItemReference() ? ingredient.getItemReference().getReference() : null;
					IdType id = target == null || target.startsWith("#") ? null : new IdType(target);
					if (id != null && "Substance".equals(id.getResourceType()) && id.hasIdPart() && !id.isAbsolute()) {
						named.add(id.getIdPart());
					}
				}
			}
		}
		named.removeAll(present);
		return named;
	}

	/**
	 * The drug as the record reads it: the Medication's code, then the codes of its ingredients. A compounded peptide is
	 * often a Medication whose code is only text ("Sermorelin 9 mg vial, compounded") and whose ingredients carry the
	 * codes; a blend has several. An ingredient may be a code or a reference to a Medication or Substance, contained in
	 * the order or among the data; one that gives no code (text only, a reference that does not resolve) is marked
	 * ({@link Codes#UNREAD_INGREDIENT}), so the reader names it: it may be a peptide. The codes of an ingredient marked
	 * not active are read too (a peptide is a peptide whatever the label says); one without codes (a diluent described
	 * in text) is not named. Each other ingredient's codes are also kept apart ({@link Codes#CODED_INGREDIENT}), so the
	 * reader can tell one that names no peptide beside one that does (a blend's tesamorelin under a pharmacy's code).
	 */
	private CodeableConcept drug(DomainResource owner, Medication medication) {
		CodeableConcept drug = medication.getCode().copy();
		for (Medication.MedicationIngredientComponent ingredient : medication.getIngredient()) {
			List<Coding> codes = ingredientCodes(owner, medication, ingredient);
			boolean inactive = ingredient.hasIsActive() && !ingredient.getIsActive();
			if (codes.isEmpty() && !inactive) {
				String what = ingredient.hasItemReference() && ingredient.getItemReference().hasReference()
						? ingredient.getItemReference().getReference()
						: ingredient.hasItemCodeableConcept() && ingredient.getItemCodeableConcept().hasText()
								? ingredient.getItemCodeableConcept().getText()
								: "an ingredient without a code";
				drug.addExtension(Codes.UNREAD_INGREDIENT, new StringType(what));
			}
			if (!codes.isEmpty() && !inactive) {
				CodeableConcept ingredientCodes = new CodeableConcept();
				codes.forEach(coding -> ingredientCodes.addCoding(coding.copy()));
				drug.addExtension(Codes.CODED_INGREDIENT, ingredientCodes);
			}
			codes.forEach(coding -> drug.addCoding(coding.copy()));
		}
		return drug;
	}

	/**
	 * The codes an ingredient gives: its own, or those of the Medication or Substance it refers to. A {@code #id} is
	 * looked for in the Medication that holds the ingredient, then in the order (where a contained Medication's own
	 * references point); another reference among the data.
	 */
	private List<Coding> ingredientCodes(DomainResource owner, Medication medication,
			Medication.MedicationIngredientComponent ingredient) {
		if (ingredient.hasItemCodeableConcept()) {
			return codes(ingredient.getItemCodeableConcept());
		}
		String target = ingredient.hasItemReference() ? ingredient.getItemReference().getReference() : null;
		if (target == null) {
			return List.of();
		}
		Resource found = null;
		if (target.startsWith("#")) {
			found = contained(medication, target);
			if (found == null) {
				found = contained(owner, target);
			}
		} else {
			IdType id = new IdType(target);
			String key = id.hasResourceType() && id.hasIdPart() ? id.getResourceType() + "/" + id.getIdPart() : target;
			found = medications.containsKey(key) ? medications.get(key) : substances.get(key);
		}
		if (found instanceof Medication nested) {
			return codes(nested.getCode());
		}
		return found instanceof Substance substance ? codes(substance.getCode()) : List.of();
	}

	/** The resource a {@code #id} reference names among the container's contained resources, or null. */
	private static Resource contained(DomainResource container, String reference) {
		return container.getContained().stream()
				.filter(resource -> reference.substring(1).equals(resource.getIdElement().getIdPart()))
				.findFirst()
				.orElse(null);
	}

	private static List<Coding> codes(CodeableConcept concept) {
		return concept.getCoding().stream().filter(Coding::hasCode).toList();
	}

	/** The Medication the reference names, if it has a code or coded ingredients; else null. */
	private Medication find(DomainResource owner, Reference reference) {
		String target = reference.getReference();
		if (target == null) {
			return null;
		}
		Medication medication;
		if (target.startsWith("#")) {
			medication = contained(owner, target) instanceof Medication found ? found : null;
		} else {
			medication = medications.get(target);
			if (medication == null && (target.startsWith("urn:uuid:") || target.startsWith("urn:oid:"))) {
				// an inline Bundle's entry: BundleIds gave the Medication the id its urn carries
				medication = medications.get("Medication/" + BundleIds.plain(target));
			} else if (medication == null) {
				IdType id = new IdType(target);
				if ("Medication".equals(id.getResourceType()) && id.hasIdPart()) {
					medication = medications.get("Medication/" + id.getIdPart());
				}
			}
		}
		return medication == null || !(medication.hasCode() || medication.hasIngredient()) ? null : medication;
	}
}
