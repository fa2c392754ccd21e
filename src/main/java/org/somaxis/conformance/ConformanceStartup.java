package org.somaxis.conformance;

import ca.uhn.fhir.jpa.interceptor.validation.IRepositoryValidatingRule;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.somaxis.conformance.PackageBuilder.FhirPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * At startup, before any other runner (demo data) and before the server reports ready: installs the package
 * if it changed, then warms the write validator so the first client write does not pay for it.
 */
public final class ConformanceStartup implements ApplicationRunner, Ordered {
	private static final Logger log = LoggerFactory.getLogger(ConformanceStartup.class);

	private final PackageInstaller installer;
	private final FhirPackage fhirPackage;
	private final List<IRepositoryValidatingRule> rules;
	private final Runnable writeRehearsal;

	/**
	 * @param installer null when the install is off
	 * @param writeRehearsal a validated write rolled back at the end and a refused request over HTTP, so the first
	 *     client write finds the storage and REST paths warm too (nothing is stored); null for none
	 */
	public ConformanceStartup(
			PackageInstaller installer, FhirPackage fhirPackage, List<IRepositoryValidatingRule> rules, Runnable writeRehearsal) {
		this.installer = installer;
		this.fhirPackage = fhirPackage;
		this.rules = rules;
		this.writeRehearsal = writeRehearsal;
	}

	@Override
	public void run(ApplicationArguments args) {
		// warming is CPU work and the install mostly database work: run them side by side
		CompletableFuture<Long> warming = rules.isEmpty()
				? CompletableFuture.completedFuture(0L)
				: CompletableFuture.supplyAsync(() -> WriteValidation.warmUp(rules));
		if (installer != null) {
			PackageInstaller.Outcome outcome = installer.installIfChanged(fhirPackage);
			log.info("FHIR package {} {} in {} ms (sha256 {})", fhirPackage.fileName(),
					outcome.installed() ? "installed" : "unchanged, install skipped", outcome.millis(), outcome.sha256());
		}
		log.info("Write validator warmed in {} ms", warming.join());
		if (writeRehearsal != null) {
			long start = System.nanoTime();
			try {
				writeRehearsal.run();
				log.info("Validated write rehearsed (rolled back, and one refused request) in {} ms", (System.nanoTime() - start) / 1_000_000);
			} catch (RuntimeException e) {
				log.warn("Validated write rehearsal failed; the first write will be slower", e);
			}
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}
}
