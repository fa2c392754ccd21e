package org.somaxis.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.somaxis.SomaxisApplication;
import org.somaxis.support.FhirHttp;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A request accepted before shutdown begins is completed, not cut off. */
class GracefulShutdownIT {
	static final CountDownLatch ACCEPTED = new CountDownLatch(1);

	/** Test-only: holds requests that carry {@code X-Test-Hold} so shutdown starts while one is in flight. */
	@Configuration
	static class HoldingFilter {
		@Bean
		FilterRegistrationBean<Filter> holdRequests() {
			Filter filter = (request, response, chain) -> {
				String hold = ((jakarta.servlet.http.HttpServletRequest) request).getHeader("X-Test-Hold");
				if (hold != null) {
					ACCEPTED.countDown();
					try {
						Thread.sleep(Long.parseLong(hold));
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
				}
				chain.doFilter(request, response);
			};
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
			registration.addUrlPatterns("/fhir/*");
			return registration;
		}
	}

	@Test
	void anAcceptedRequestCompletesWhileTheServerShutsDown() throws Exception {
		Path dataDir = Path.of("target/it-data/shutdown-" + System.nanoTime()).toAbsolutePath();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SomaxisApplication.class, HoldingFilter.class)
				.properties(
						"server.port=0",
						"somaxis.demo.enabled=false",
						"spring.datasource.url=jdbc:h2:file:" + dataDir + "/somaxis;DB_CLOSE_ON_EXIT=FALSE")
				.run();
		FhirHttp http = new FhirHttp(((WebServerApplicationContext) context).getWebServer().getPort());

		CompletableFuture<FhirHttp.Response> inFlight = CompletableFuture.supplyAsync(() -> http.postResource(
				"/fhir/Patient", FhirRestContract.patient("Late", "Request"), "X-Test-Hold", "3000"));
		assertThat(ACCEPTED.await(30, TimeUnit.SECONDS)).isTrue();
		long closeStarted = System.nanoTime();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);

		FhirHttp.Response response = inFlight.get(60, TimeUnit.SECONDS);
		closing.get(60, TimeUnit.SECONDS);
		assertThat(response.status()).isEqualTo(201);
		assertThat(response.header("Location")).contains("/fhir/Patient/");
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStarted)).isGreaterThanOrEqualTo(1000);
	}
}
