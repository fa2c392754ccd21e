import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.somaxis.conformance.ConformanceArtefacts;
import org.somaxis.conformance.PackageBuilder;
import org.somaxis.conformance.ProfileInference;
import org.somaxis.conformance.ResourceValidator;
import org.somaxis.conformance.UnknownProfilePolicy;
import org.somaxis.conformance.tools.SyntheticBundleGenerator;

/**
 * In-process cost of validating the resources of generated one-patient bundles, the way the server validated
 * them before issue 8 ("before": one FhirInstanceValidator per resource type as HAPI's repository validating rules
 * build them, every resource fully validated) and now ("after": the one ResourceValidator). Run by
 * bench/validation-cost.sh under JFR.
 *
 *   java -cp target/classes:DEPENDENCIES bench/ValidationCost.java before|after BUNDLES
 */
public class ValidationCost {
	public static void main(String[] args) {
		String mode = args[0];
		int bundles = Integer.parseInt(args[1]);
		FhirContext ctx = FhirContext.forR4();
		ValidationSupportChain chain = ConformanceArtefacts.validationChain(
				ctx, ConformanceArtefacts.parse(ctx, PackageBuilder.fromDirectories(Path.of("."))));
		List<List<IBaseResource>> work = new ArrayList<>();
		for (Bundle bundle : SyntheticBundleGenerator.generate(bundles + 1, 42)) {
			work.add(bundle.getEntry().stream().map(e -> (IBaseResource) e.getResource()).toList());
		}
		ResourceValidator after = new ResourceValidator(ctx, chain, UnknownProfilePolicy.WARN);
		Map<String, FhirValidator> beforeByType = new HashMap<>();
		long start = System.nanoTime();
		long firstBundle = 0;
		int resources = 0;
		for (int b = 0; b < work.size(); b++) {
			for (IBaseResource resource : work.get(b)) {
				if (mode.equals("after")) {
					after.validate(resource, List.of());
				} else {
					ProfileInference.declareInferredProfiles(resource);
					beforeByType.computeIfAbsent(resource.fhirType(), type -> {
						FhirInstanceValidator module = new FhirInstanceValidator(chain);
						module.setErrorForUnknownProfiles(true);
						module.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
						return ctx.newValidator().registerValidatorModule(module);
					}).validateWithResult(resource, new ValidationOptions());
				}
				if (b > 0) {
					resources++;
				}
			}
			if (b == 0) {
				firstBundle = System.nanoTime();
			}
		}
		long end = System.nanoTime();
		Runtime rt = Runtime.getRuntime();
		System.gc();
		System.out.printf(Locale.ROOT, "%s: first bundle (cold) %.0f ms; then %d resources in %.0f ms = %.2f ms/resource; heap used after GC %d MB; validators %d%n",
				mode, (firstBundle - start) / 1e6, resources, (end - firstBundle) / 1e6, (end - firstBundle) / 1e6 / resources,
				(rt.totalMemory() - rt.freeMemory()) >> 20, mode.equals("after") ? 1 : beforeByType.size());
	}
}
