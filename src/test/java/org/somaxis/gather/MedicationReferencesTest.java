package org.somaxis.gather;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Substance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.somaxis.guidance.record.Codes;

/** The drug an order names through a Medication, as the record reads it: its code and its ingredients' codes. */
class MedicationReferencesTest {
	private static final String TESAMORELIN = "tesamorelin";

	/**
	 * A compounded vial stored as a Medication whose ingredient is a Substance: contained in that Medication ("#sub"
	 * points into the Medication that holds it), or a Substance among the data. Before, both were named as unreadable
	 * and the tesamorelin in them met no rule.
	 */
	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = {"#sub", "Substance/s1"})
	void ingredientThatIsASubstance_givesItsCode(String reference) {
		Substance substance = new Substance().setCode(new CodeableConcept(new Coding(Codes.GH_PEPTIDES, TESAMORELIN, null)));
		Medication vial = new Medication();
		vial.setId("m1");
		vial.getCode().setText("Compounded vial");
		vial.addIngredient().setItem(new Reference(reference));
		List<Resource> data = new java.util.ArrayList<>(List.of(vial));
		if (reference.startsWith("#")) {
			substance.setId("sub");
			vial.addContained(substance);
		} else {
			substance.setId("s1");
			data.add(substance);
		}
		MedicationRequest order = new MedicationRequest().setMedication(new Reference("Medication/m1"));
		data.add(order);

		MedicationRequest read = (MedicationRequest) MedicationReferences.among(data).resolve(order);

		assertThat(read.getMedicationCodeableConcept().getCoding()).extracting(Coding::getCode).containsExactly(TESAMORELIN);
		assertThat(read.getMedicationCodeableConcept().getExtensionsByUrl(Codes.UNREAD_INGREDIENT)).isEmpty();
	}

	/** An active ingredient that gives no code is marked for the reader to name; a diluent in text is not. */
	@Test
	void ingredientWithoutACode_isMarked_unlessItIsNotActive() {
		Medication vial = new Medication();
		vial.setId("m1");
		vial.addIngredient().setItem(new CodeableConcept(new Coding(Codes.GH_PEPTIDES, "ipamorelin", null)));
		vial.addIngredient().setItem(new CodeableConcept().setText("Tesamorelin acetate"));
		vial.addIngredient().setIsActive(false).setItem(new CodeableConcept().setText("Bacteriostatic water"));
		MedicationRequest order = new MedicationRequest().setMedication(new Reference("Medication/m1"));

		MedicationRequest read = (MedicationRequest) MedicationReferences.among(List.of(vial, order)).resolve(order);

		assertThat(read.getMedicationCodeableConcept().getExtensionsByUrl(Codes.UNREAD_INGREDIENT))
				.extracting(extension -> extension.getValue().primitiveValue()).containsExactly("Tesamorelin acetate");
	}

	/**
	 * A Medication named by another server's absolute URL is never looked up by its id in a source that reads a
	 * different server: our store held an unrelated Medication of the same id (ibutamoren), and an EHR's tesamorelin
	 * order was read as ibutamoren. A relative reference is still fetched, and an absolute one from the server the source
	 * reads (an allow-listed EHR, or our own base).
	 */
	@Test
	void medicationNamedByAnotherServersUrl_isFetchedOnlyFromThatServer() {
		MedicationRequest remote = new MedicationRequest()
				.setMedication(new Reference("https://ehr.example.org/fhir/Medication/shared-med-1"));
		MedicationRequest local = new MedicationRequest().setMedication(new Reference("Medication/m2"));
		List<Resource> orders = List.of(remote, local);
		MedicationReferences references = MedicationReferences.among(orders);

		assertThat(references.missingIds(orders, base -> false)).containsExactly("m2");
		assertThat(references.missingIds(orders, base -> base.equals("https://ehr.example.org/fhir")))
				.containsExactlyInAnyOrder("m2", "shared-med-1");
	}
}
