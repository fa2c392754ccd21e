import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load generator for bench/history.sh (JDK single-file program, no dependencies).
 *
 * <p>Creates patients with a long record, about 5,000 resources each: four years of encounters (700), vital signs
 * (3,400: heart rate, weight, systolic pressure), other labs (700: creatinine, cholesterol, haemoglobin), 25
 * conditions, 30 other medication orders, and the data the rules read (quarterly IGF-1, glucose, insulin and HbA1c,
 * an active tesamorelin order, 60 nights of sleep, 40 exercise sessions). Then, on those patients, one client
 * alternates the IGF-1 search {@code Observation?patient=X&code=http://loinc.org|2484-4} and
 * {@code GET Patient/X/$evaluate} and reports both p50s and their ratio (target ≤ 2).
 *
 * <p>Usage: java HistoryBench.java BASE_URL [patients=2] [seconds=20] [seed=7]. With PATIENT_IDS (printed by an
 * earlier run) in the environment, nothing is loaded and those patients are measured.
 */
public class HistoryBench {
	static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
	static final LocalDate TODAY = LocalDate.parse("2026-11-22");

	public static void main(String[] args) throws Exception {
		String base = args[0];
		int patients = args.length > 1 ? Integer.parseInt(args[1]) : 2;
		int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
		Random random = new Random(args.length > 3 ? Long.parseLong(args[3]) : 7);

		List<String> ids = new ArrayList<>();
		long start = System.nanoTime();
		int resources = 0;
		String known = System.getenv("PATIENT_IDS"); // patients loaded by an earlier run: measure only
		if (known != null && !known.isBlank()) {
			ids.addAll(List.of(known.split(",")));
			patients = 0;
		}
		for (int p = 0; p < patients; p++) {
			HttpResponse<String> created = post(base + "/Patient", "{\"resourceType\":\"Patient\",\"gender\":\"male\","
					+ "\"birthDate\":\"1975-04-12\",\"name\":[{\"family\":\"History\",\"given\":[\"P" + p + "\"]}]}");
			Matcher m = Pattern.compile("Patient/([^/]+)/_history").matcher(created.headers().firstValue("Location").orElse(""));
			if (created.statusCode() != 201 || !m.find()) throw new IllegalStateException("patient: " + created.statusCode());
			String id = m.group(1);
			List<String> entries = history(random, "Patient/" + id);
			resources += entries.size() + 1;
			for (int from = 0; from < entries.size(); from += 500) {
				String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
						+ String.join(",", entries.subList(from, Math.min(entries.size(), from + 500))) + "]}";
				HttpResponse<String> r = post(base, bundle);
				if (r.statusCode() != 200) throw new IllegalStateException("bundle: " + r.statusCode() + " " + r.body());
			}
			ids.add(id);
		}
		System.out.printf(Locale.ROOT, "loaded %d patients, %d resources in %.1f s; PATIENT_IDS=%s%n", patients,
				resources, (System.nanoTime() - start) / 1e9, String.join(",", ids));

		String search = "/Observation?patient=%s&code=http://loinc.org%%7C2484-4";
		String evaluate = "/Patient/%s/$evaluate?evaluationDate=" + TODAY;
		int findings = count(get(base + String.format(evaluate, ids.get(0))).body(), "CodeSystem/guidance-rules\"");
		System.out.printf("$evaluate on the history patient returns %d rule codings%n", findings);
		for (int i = 0; i < 100; i++) {
			get(base + String.format(search, ids.get(i % ids.size())));
			get(base + String.format(evaluate, ids.get(i % ids.size())));
		}
		List<Long> searches = new ArrayList<>();
		List<Long> evaluations = new ArrayList<>();
		long errors = 0;
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		for (int i = 0; System.nanoTime() < end; i++) {
			String id = ids.get(i % ids.size());
			long t0 = System.nanoTime();
			int s1 = get(base + String.format(search, id)).statusCode();
			long t1 = System.nanoTime();
			int s2 = get(base + String.format(evaluate, id)).statusCode();
			long t2 = System.nanoTime();
			if (s1 != 200 || s2 != 200) errors++;
			searches.add(t1 - t0);
			evaluations.add(t2 - t1);
		}
		Collections.sort(searches);
		Collections.sort(evaluations);
		System.out.printf(Locale.ROOT, "history patients, 1 client interleaved: %d pairs; IGF-1 search p50 %.2f ms, p99 %.2f ms;"
				+ " $evaluate p50 %.2f ms, p99 %.2f ms; ratio of p50s %.2f (target <= 2; %d errors)%n", searches.size(),
				pct(searches, 0.5) / 1e6, pct(searches, 0.99) / 1e6, pct(evaluations, 0.5) / 1e6,
				pct(evaluations, 0.99) / 1e6, (double) pct(evaluations, 0.5) / pct(searches, 0.5), errors);
	}

	/** About 5,000 resources of one patient's history, as transaction entries. */
	static List<String> history(Random r, String patient) {
		List<String> entries = new ArrayList<>();
		LocalDate first = TODAY.minusYears(4);
		for (int i = 0; i < 700; i++) {
			LocalDate day = first.plusDays(r.nextInt(4 * 365));
			entries.add(entry("Encounter", "{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"class\":{\"system\":"
					+ "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},\"subject\":{\"reference\":\""
					+ patient + "\"},\"period\":{\"start\":\"" + day + "T09:00:00Z\",\"end\":\"" + day + "T09:30:00Z\"}}"));
		}
		String[][] vitals = {{"8867-4", "/min", "60", "40"}, {"29463-7", "kg", "70", "30"}, {"8480-6", "mm[Hg]", "110", "40"}};
		for (int i = 0; i < 3400; i++) {
			String[] v = vitals[i % 3];
			entries.add(observation(patient, "vital-signs", v[0], first.plusDays(r.nextInt(4 * 365)),
					Integer.parseInt(v[2]) + r.nextInt(Integer.parseInt(v[3])), v[1]));
		}
		String[][] labs = {{"2160-0", "mg/dL", "0.9"}, {"2093-3", "mg/dL", "190"}, {"718-7", "g/dL", "14"}};
		for (int i = 0; i < 700; i++) {
			String[] l = labs[i % 3];
			entries.add(observation(patient, "laboratory", l[0], first.plusDays(r.nextInt(4 * 365)),
					Double.parseDouble(l[2]) * (0.8 + r.nextInt(40) / 100.0), l[1]));
		}
		String[] conditions = {"38341003", "195967001", "40055000", "68566005", "162864005"};
		for (int i = 0; i < 25; i++) {
			entries.add(entry("Condition", "{\"resourceType\":\"Condition\",\"clinicalStatus\":{\"coding\":[{\"system\":"
					+ "\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"resolved\"}]},\"code\":{\"coding\":"
					+ "[{\"system\":\"http://snomed.info/sct\",\"code\":\"" + conditions[i % 5] + "\"}]},\"subject\":{\"reference\":\""
					+ patient + "\"},\"onsetDateTime\":\"" + first.plusDays(r.nextInt(4 * 365)) + "\"}"));
		}
		for (int i = 0; i < 30; i++) {
			entries.add(entry("MedicationRequest", "{\"resourceType\":\"MedicationRequest\",\"status\":\"completed\","
					+ "\"intent\":\"order\",\"medicationCodeableConcept\":{\"coding\":[{\"system\":"
					+ "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"" + (i % 2 == 0 ? "197361" : "308136")
					+ "\"}]},\"subject\":{\"reference\":\"" + patient + "\"},\"authoredOn\":\""
					+ first.plusDays(r.nextInt(4 * 365)) + "\"}"));
		}
		entries.add(entry("MedicationRequest", "{\"resourceType\":\"MedicationRequest\",\"status\":\"active\",\"intent\":"
				+ "\"order\",\"medicationCodeableConcept\":{\"coding\":[{\"system\":\"http://somaxis.org/fhir/CodeSystem/gh-peptides\","
				+ "\"code\":\"tesamorelin\"}]},\"subject\":{\"reference\":\"" + patient + "\"},\"authoredOn\":\""
				+ TODAY.minusMonths(10) + "\",\"dosageInstruction\":[{\"timing\":{\"repeat\":{\"frequency\":1,\"period\":1,"
				+ "\"periodUnit\":\"d\",\"when\":[\"HS\"]}},\"route\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":"
				+ "\"34206005\"}]},\"doseAndRate\":[{\"doseQuantity\":{\"value\":1.4,\"unit\":\"mg\",\"system\":"
				+ "\"http://unitsofmeasure.org\",\"code\":\"mg\"}}]}]}"));
		for (int q = 0; q < 16; q++) {
			LocalDate day = first.plusMonths(3L * q);
			entries.add(observation(patient, "laboratory", "2484-4", day, 120 + r.nextInt(150), "ng/mL"));
			entries.add(observation(patient, "laboratory", "1558-6", day, 85 + r.nextInt(20), "mg/dL"));
			entries.add(observation(patient, "laboratory", "27873-9", day, 4 + r.nextInt(8), "u[IU]/mL"));
			entries.add(observation(patient, "laboratory", "4548-4", day, 5.0 + r.nextInt(6) / 10.0, "%"));
		}
		for (int n = 1; n <= 60; n++) {
			entries.add(observation(patient, "social-history", "93832-4", TODAY.minusDays(n), 6 + r.nextInt(25) / 10.0, "h"));
		}
		for (int s = 0; s < 40; s++) {
			LocalDate day = TODAY.minusDays(3L * s + 1);
			entries.add(entry("Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":[{\"coding\":"
					+ "[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"activity\"}]}],"
					+ "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"73985-4\"}]},\"subject\":{\"reference\":\""
					+ patient + "\"},\"effectivePeriod\":{\"start\":\"" + day + "T07:00:00Z\",\"end\":\"" + day
					+ "T07:45:00Z\"},\"valueCodeableConcept\":{\"coding\":[{\"system\":"
					+ "\"http://somaxis.org/fhir/CodeSystem/exercise-types\",\"code\":\"" + (s % 2 == 0 ? "resistance" : "hiit")
					+ "\"}]},\"component\":[{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"55411-3\"}]},"
					+ "\"valueQuantity\":{\"value\":45,\"unit\":\"min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"min\"}}]}"));
		}
		return entries;
	}

	static String observation(String patient, String category, String loinc, LocalDate day, double value, String unit) {
		return entry("Observation", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":[{\"coding\":[{"
				+ "\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"" + category + "\"}]}],"
				+ "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"" + loinc + "\"}]},\"subject\":{\"reference\":\""
				+ patient + "\"},\"effectiveDateTime\":\"" + day + "\",\"valueQuantity\":{\"value\":"
				+ String.format(Locale.ROOT, "%.2f", value) + ",\"unit\":\"" + unit
				+ "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + unit + "\"}}");
	}

	static String entry(String type, String resource) {
		return "{\"fullUrl\":\"urn:uuid:" + UUID.randomUUID() + "\",\"resource\":" + resource
				+ ",\"request\":{\"method\":\"POST\",\"url\":\"" + type + "\"}}";
	}

	static long pct(List<Long> sorted, double p) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
	}

	static int count(String s, String needle) {
		int n = 0;
		for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
			n++;
		}
		return n;
	}

	static HttpResponse<String> post(String url, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/fhir+json")
				.header("Accept", "application/fhir+json")
				.header("Prefer", "return=minimal")
				.timeout(Duration.ofSeconds(600))
				.POST(HttpRequest.BodyPublishers.ofString(body)).build();
		return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
	}

	static HttpResponse<String> get(String url) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url))
					.header("Accept", "application/fhir+json").timeout(Duration.ofSeconds(60)).GET().build();
			return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		} catch (Exception e) {
			throw new IllegalStateException(url, e);
		}
	}
}
