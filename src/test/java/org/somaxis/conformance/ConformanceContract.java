package org.somaxis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.somaxis.conformance.PackageBuilder.FhirPackage;
import org.somaxis.support.FhirHttp;
import org.somaxis.support.FhirHttp.Response;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The conformance behaviour every database must give: the package installed at startup, validation on write
 * (422 with the validator's OperationOutcome, all-or-nothing transactions, profile inference) and the terminology
 * operations. Inherited by the platform's REST contract, so it runs in the same server on H2 and on PostgreSQL.
 */
public abstract class ConformanceContract {
	static final String TEST_SYSTEM = "http://somaxis.org/fhir/sid/conformance-test";

	@LocalServerPort
	protected int serverPort;

	@Autowired
	FhirPackage somaxisPackage;

	@Autowired
	IPackageInstallerSvc packageInstallerSvc;

	@Autowired
	ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager packageCache;

	@Autowired
	DaoRegistry daoRegistry;

	@Autowired
	FhirContext fhirContext;

	protected FhirHttp fhir;

	@BeforeEach
	void conformanceClient() {
		fhir = new FhirHttp(serverPort);
	}

	// ---- package ----

	@Test
	public void package_isInstalledAtStartup_withTheGuidePointingAtTheInstalledArtefacts() {
		Bundle profiles = fhir.get("/fhir/StructureDefinition?url=" + ProfileInference.IGF1).as(Bundle.class);
		assertThat(profiles.getEntry()).hasSize(1);
		Bundle codeSystems = fhir.get("/fhir/CodeSystem?url=http://snomed.info/sct").as(Bundle.class);
		assertThat(codeSystems.getEntry()).hasSize(1);

		ImplementationGuide guide = fhir.get("/fhir/ImplementationGuide/somaxis").as(ImplementationGuide.class);
		assertThat(guide.getExtensionByUrl(PackageInstaller.HASH_EXTENSION).getValue().primitiveValue())
				.isEqualTo(somaxisPackage.sha256());
		assertThat(guide.getDefinition().getResource()).hasSizeGreaterThanOrEqualTo(21)
				.allSatisfy(entry -> assertThat(fhir.get("/fhir/" + entry.getReference().getReference()).status())
						.isEqualTo(200));
	}

	/** /metadata names the guide whose profiles the server enforces (probe 54, P54-m8). */
	@Test
	public void capabilityStatement_namesTheImplementationGuide() {
		org.hl7.fhir.r4.model.CapabilityStatement metadata =
				fhir.get("/fhir/metadata").as(org.hl7.fhir.r4.model.CapabilityStatement.class);
		assertThat(metadata.getImplementationGuide()).extracting(guide -> guide.getValue())
				.contains("http://somaxis.org/fhir/ImplementationGuide/somaxis");
	}

	@Test
	public void packageInstall_isSkippedWhenThePackageIsUnchanged() {
		PackageInstaller.Outcome outcome =
				new PackageInstaller(packageInstallerSvc, packageCache, daoRegistry, fhirContext).installIfChanged(somaxisPackage);
		assertThat(outcome.installed()).isFalse();
		assertThat(outcome.sha256()).isEqualTo(somaxisPackage.sha256());
	}

	@Test
	public void package_isDownloadable_andIsByteForByteTheBuildsPackage() throws Exception {
		HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create(fhir.base() + "/packages/" + somaxisPackage.fileName())).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/gzip");
		assertThat(PackageBuilder.sha256(response.body())).isEqualTo(somaxisPackage.sha256());
		Path built = Path.of("target", somaxisPackage.fileName());
		if (Files.exists(built)) {
			assertThat(PackageBuilder.sha256(Files.readAllBytes(built))).isEqualTo(somaxisPackage.sha256());
		}
	}

	// ---- validation on write ----

	@Test
	public void invalidIgf1_isRefusedWith422AndTheValidatorsOperationOutcome() {
		Observation igf1 = igf1(patientId());
		igf1.setValue(new Quantity().setValue(146).setUnit("mg/dL").setSystem("http://unitsofmeasure.org").setCode("mg/dL"));

		Response response = fhir.postResource("/fhir/Observation", igf1);

		assertThat(response.status()).isEqualTo(422);
		OperationOutcome outcome = response.as(OperationOutcome.class);
		assertThat(outcome.getIssue())
				.filteredOn(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR)
				.anySatisfy(issue -> {
					assertThat(issue.getDiagnostics()).contains("igf1-1").contains("ng/mL");
					assertThat(issue.getExpression()).isNotEmpty();
				});
		assertThat(fhir.get("/fhir/Observation?identifier=" + TEST_SYSTEM + "%7C" + igf1.getIdentifierFirstRep().getValue())
				.as(Bundle.class).getEntry()).isEmpty();
	}

	@Test
	public void observationMissingARequiredElement_is422NamingTheElement() {
		Observation igf1 = igf1(patientId());
		igf1.setSubject(null);
		Response response = fhir.postResource("/fhir/Observation", igf1);
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.body()).contains("Observation.subject: minimum required = 1");
	}

	/**
	 * R4's {@code $validate} takes no resource in mode {@code delete}: a POST without a body asks whether the stored
	 * resource may be deleted. HAPI answered 400 "Did not find any content to parse" (probe 63, P63-m9); an empty
	 * Parameters was answered.
	 */
	@Test
	public void validateInDeleteMode_withoutABody_isAnsweredAsWithAnEmptyParameters() {
		String id = fhir.postResource("/fhir/Patient", new org.hl7.fhir.r4.model.Patient().setActive(true))
				.header("Location").replaceAll("/_history/.*$", "").replaceAll("^.*/fhir/Patient/", "");

		Response bodiless = fhir.post("/fhir/Patient/" + id + "/$validate?mode=delete", new byte[0], "application/fhir+json");
		Response withoutContentType = fhir.send("POST", "/fhir/Patient/" + id + "/$validate?mode=delete");
		Response saidXml = fhir.post("/fhir/Patient/" + id + "/$validate?mode=delete", new byte[0], "application/fhir+xml");
		Response emptyParameters = fhir.post("/fhir/Patient/" + id + "/$validate?mode=delete",
				"{\"resourceType\":\"Parameters\"}", "application/fhir+json");

		assertThat(emptyParameters.status()).as(emptyParameters.body()).isEqualTo(200);
		for (Response answer : List.of(bodiless, withoutContentType, saidXml)) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(answer.as(org.hl7.fhir.r4.model.OperationOutcome.class).getIssue())
					.extracting(issue -> issue.getSeverity())
					.isEqualTo(emptyParameters.as(org.hl7.fhir.r4.model.OperationOutcome.class).getIssue().stream()
							.map(issue -> issue.getSeverity()).toList());
		}
		Response createWithoutBody = fhir.post("/fhir/Patient/$validate?mode=create", new byte[0], "application/fhir+json");
		assertThat(createWithoutBody.status()).as("a resource is needed in every other mode").isEqualTo(400);
	}

	/**
	 * In every mode but delete, {@code $validate} needs a resource: {@code Patient/1/$validate} with no body, or with a
	 * Parameters holding none, validated nothing and answered 200 "No issues detected" (probe 71, P71-m2).
	 */
	@ParameterizedTest
	@ValueSource(strings = {"", "?mode=update", "?mode=create"})
	public void validateOfAStoredResource_withoutAResourceToValidate_isRefusedSayingWhatIsMissing(String mode) {
		String id = fhir.postResource("/fhir/Patient", new org.hl7.fhir.r4.model.Patient().setActive(true))
				.header("Location").replaceAll("/_history/.*$", "").replaceAll("^.*/fhir/Patient/", "");
		String url = "/fhir/Patient/" + id + "/$validate" + mode;

		Response withoutContentType = fhir.send("POST", url);
		Response emptyJson = fhir.post(url, new byte[0], "application/fhir+json"); // HAPI-0450 before
		Response emptyXml = fhir.post(url, new byte[0], "application/fhir+xml");
		Response blanks = fhir.post(url, "   \n ", "application/fhir+json"); // HAPI-0450 before (probe 77, P77-m4)
		Response blankXml = fhir.post(url, " \r\n\t", "application/fhir+xml"); // "Malformed XML" before (P78-m2)
		Response byteOrderMark = fhir.post(url, "\uFEFF", "application/fhir+xml"); // HAPI-0450 before (P80-m2)
		Response emptyParameters = fhir.post(url, "{\"resourceType\":\"Parameters\"}", "application/fhir+json");
		Response modeInParameters = fhir.post("/fhir/Patient/" + id + "/$validate",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"mode\",\"valueCode\":\"update\"}]}",
				"application/fhir+json");

		for (Response answer : List.of(withoutContentType, emptyJson, emptyXml, blanks, blankXml, byteOrderMark,
				emptyParameters, modeInParameters)) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(400);
			assertThat(answer.as(org.hl7.fhir.r4.model.OperationOutcome.class).getIssueFirstRep().getDiagnostics())
					.contains("$validate needs the resource to validate").doesNotContain("HAPI-");
		}
		Response modeDeleteInParameters = fhir.post("/fhir/Patient/" + id + "/$validate",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"mode\",\"valueCode\":\"delete\"}]}",
				"application/fhir+json");
		assertThat(modeDeleteInParameters.status()).as(modeDeleteInParameters.body()).isEqualTo(200);
		Response deleteWithBlankXml = fhir.post(url.replace(mode, "") + "?mode=delete", " \n", "application/fhir+xml");
		assertThat(deleteWithBlankXml.status()).as(deleteWithBlankXml.body()).isEqualTo(200);
	}

	/**
	 * A profile this server does not hold, asked for on {@code $validate}'s URL, is reported as the URL's parameter:
	 * it was located at {@code Parameters.profile}, an element of a body that had none (probe 63, P63-m9). One asked
	 * for in a Parameters body keeps that place.
	 */
	@Test
	public void anUnheldProfileAskedForOnTheUrl_isNotLocatedInABodyThatHasNone() {
		String unheld = "http://example.org/StructureDefinition/not-held";
		Observation igf1 = igf1(patientId());

		Response onTheUrl = fhir.postResource("/fhir/Observation/$validate?profile=" + unheld, igf1);
		org.hl7.fhir.r4.model.Parameters parameters = new org.hl7.fhir.r4.model.Parameters();
		parameters.addParameter().setName("resource").setResource(igf1);
		parameters.addParameter().setName("profile").setValue(new org.hl7.fhir.r4.model.UriType(unheld));
		Response inTheBody = fhir.postResource("/fhir/Observation/$validate", parameters);

		assertThat(unheldProfileIssue(onTheUrl, unheld).getExpression()).isEmpty();
		assertThat(unheldProfileIssue(onTheUrl, unheld).getDiagnostics()).contains("profile parameter of the URL");
		assertThat(unheldProfileIssue(inTheBody, unheld).getExpression()).extracting(e -> e.getValue())
				.containsExactly("Parameters.profile");
	}

	private static org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent unheldProfileIssue(Response answer,
			String profile) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer.as(org.hl7.fhir.r4.model.OperationOutcome.class).getIssue().stream()
				.filter(issue -> issue.getDiagnostics() != null && issue.getDiagnostics().contains(profile))
				.findFirst().orElseThrow(() -> new AssertionError("no issue names " + profile + ": " + answer.body()));
	}

	@Test
	public void igf1AboutAGroup_is422AtItsSubject_andValidateSaysSo() {
		org.hl7.fhir.r4.model.Group group = new org.hl7.fhir.r4.model.Group();
		group.setType(org.hl7.fhir.r4.model.Group.GroupType.PERSON).setActual(true);
		Response groupCreated = fhir.postResource("/fhir/Group", group);
		assertThat(groupCreated.status()).as(groupCreated.body()).isEqualTo(201);
		Observation igf1 = igf1(patientId());
		igf1.setSubject(new org.hl7.fhir.r4.model.Reference(
				groupCreated.header("Location").replaceAll("/_history/.*$", "").replaceAll("^.*/fhir/", "")));

		Response refused = fhir.postResource("/fhir/Observation", igf1);
		Response validated = fhir.postResource("/fhir/Observation/$validate", igf1);

		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		for (Response answer : List.of(refused, validated)) {
			assertThat(answer.as(org.hl7.fhir.r4.model.OperationOutcome.class).getIssue()).anySatisfy(issue -> {
				assertThat(issue.getSeverity()).isEqualTo(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR);
				assertThat(issue.getExpression()).extracting(e -> e.getValue()).containsExactly("Observation.subject");
			});
		}
	}

	/**
	 * {@code $validate} types each issue as the write does: the same severities, issue codes and places. HAPI typed every
	 * {@code $validate} issue {@code processing}, where the write said {@code invariant} (igf1-1) or
	 * {@code not-supported} (an unheld profile) (probe 54, P54-m2).
	 */
	@Test
	public void validate_typesEachIssueAsTheWriteDoes() {
		Observation igf1 = igf1(patientId());
		igf1.getMeta().addProfile("http://example.org/fhir/StructureDefinition/not-held");
		igf1.setValue(new Quantity().setValue(146).setUnit("mg/dL").setSystem("http://unitsofmeasure.org").setCode("mg/dL"));

		Response refused = fhir.postResource("/fhir/Observation", igf1);
		Response validated = fhir.postResource("/fhir/Observation/$validate", igf1);

		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		assertThat(issueKinds(validated)).as(validated.body()).isEqualTo(issueKinds(refused))
				.anySatisfy(issue -> assertThat(issue).startsWith("error invariant"))
				.anySatisfy(issue -> assertThat(issue).startsWith("warning not-supported"));
	}

	/** Each issue of the answer's OperationOutcome as "severity code [expressions]". */
	private static List<String> issueKinds(Response answer) {
		return answer.as(OperationOutcome.class).getIssue().stream()
				.map(issue -> issue.getSeverity().toCode() + " " + issue.getCode().toCode() + " " + issue.getExpression())
				.toList();
	}

	/**
	 * An exercise session whose step components match none of the profile's slices, with a duration in kg (exs-1):
	 * {@code $validate} answers as the write does, one information issue per component (the slices in its text) and
	 * each issue typed. It gave one issue per slice, ten per component, all typed {@code processing} (probe 73, P73-m1).
	 */
	@Test
	public void validateOfAComponentMatchingNoSlice_answersAsTheWriteDoes() {
		Observation session = new Observation();
		session.setStatus(Observation.ObservationStatus.FINAL);
		session.addCategory().addCoding().setSystem("http://terminology.hl7.org/CodeSystem/observation-category")
				.setCode("activity");
		session.getCode().addCoding().setSystem("http://loinc.org").setCode("73985-4");
		session.setSubject(new Reference("Patient/" + patientId()));
		session.setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-11-28T10:00:00+00:00"));
		session.addComponent().setValue(new Quantity().setValue(30).setUnit("kg").setSystem("http://unitsofmeasure.org")
				.setCode("kg")).getCode().addCoding().setSystem("http://loinc.org").setCode("55411-3");
		for (int steps : new int[] {4000, 4100}) {
			session.addComponent().setValue(new Quantity().setValue(steps).setUnit("steps")
					.setSystem("http://unitsofmeasure.org").setCode("{steps}"))
					.getCode().addCoding().setSystem("http://loinc.org").setCode("55423-8");
		}

		Response refused = fhir.postResource("/fhir/Observation", session);
		Response validated = fhir.postResource("/fhir/Observation/$validate", session);

		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		assertThat(issueKinds(validated)).as(validated.body()).isEqualTo(issueKinds(refused))
				.anySatisfy(issue -> assertThat(issue).startsWith("error invariant"))
				.filteredOn(issue -> issue.startsWith("information")).hasSize(2);
	}

	/**
	 * {@code Bundle/$validate} of a transaction says that it checked the Bundle, not its entries as the write would: an
	 * empty answer, for a transaction the base refuses, read as "would be accepted" (probe 54, P54-m7).
	 */
	@Test
	public void validateOfATransactionBundle_saysItsEntriesWereNotValidated() {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		Observation bad = igf1(patientId());
		bad.setValue(new Quantity().setValue(146).setUnit("mg/dL").setSystem("http://unitsofmeasure.org").setCode("mg/dL"));
		transaction.addEntry().setResource(bad).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		Response refused = fhir.postResource("/fhir", transaction);
		Response validated = fhir.postResource("/fhir/Bundle/$validate", transaction);

		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		assertThat(validated.status()).as(validated.body()).isEqualTo(200);
		assertThat(validated.as(OperationOutcome.class).getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.INFORMATION);
			assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.INFORMATIONAL);
			assertThat(issue.getExpression()).extracting(e -> e.getValue()).containsExactly("Bundle.type");
		});
	}

	/**
	 * A conditional reference without its type ({@code ?identifier=...}) is 422 at the element, alone and as a batch
	 * entry, and {@code $validate} says so: HAPI's storage answered 500, or a batch entry its exception's text (probe 55,
	 * P55-M2). A reference the write's storage reads as naming no type the element takes ({@code Patient/p1/},
	 * {@code group/g1}) is an error in {@code $validate} as on write, where it said "no issues" (P55-M3).
	 */
	@Test
	public void referencesTheStorageCannotRead_areRefusedAtTheElement_onWriteAndInValidate() {
		Observation note = new Observation();
		note.setStatus(Observation.ObservationStatus.FINAL);
		note.getCode().setText("note");
		note.setSubject(new org.hl7.fhir.r4.model.Reference("?identifier=" + TEST_SYSTEM + "|typeless"));
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(note).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		Response refused = fhir.postResource("/fhir/Observation", note);
		Response batched = fhir.postResource("/fhir", batch);
		Response validated = fhir.postResource("/fhir/Observation/$validate", note);

		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		assertThat(batched.status()).as(batched.body()).isEqualTo(200);
		assertThat(batched.as(Bundle.class).getEntryFirstRep().getResponse().getStatus()).startsWith("422");
		for (Response answer : List.of(refused, validated)) {
			assertThat(answer.as(OperationOutcome.class).getIssue()).anySatisfy(issue -> {
				assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
				assertThat(issue.getExpression()).extracting(e -> e.getValue()).containsExactly("Observation.subject");
			});
		}
		for (String subject : List.of("Patient/" + patientId() + "/", "patient/" + patientId())) {
			Observation igf1 = igf1(patientId());
			igf1.setSubject(new org.hl7.fhir.r4.model.Reference(subject));
			assertThat(fhir.postResource("/fhir/Observation", igf1).status()).as(subject).isEqualTo(422);
			assertThat(fhir.postResource("/fhir/Observation/$validate", igf1).as(OperationOutcome.class).getIssue())
					.as(subject).anySatisfy(issue -> assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR));
		}
	}

	/**
	 * A reference to a resource this server does not hold is refused with 400 as {@code not-found} at its element, alone,
	 * as a batch entry and in a transaction (from the Bundle's root), as {@code $validate} names it: HAPI gave each path
	 * its own issue code ({@code invalid}, {@code exception}), at no place and no entry (probe 63, P63-m3). The
	 * transaction's reference to its own Patient entry, which HAPI rolled back, is not named.
	 */
	@Test
	public void aReferenceToNothingStored_isRefusedAsNotFoundAtItsElement_onEveryPath() {
		Condition condition = new Condition();
		condition.getCode().setText("x");
		condition.setSubject(new Reference("Patient/does-not-exist-63"));
		Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
		batch.addEntry().setResource(condition).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String patientEntry = "urn:uuid:" + UUID.randomUUID();
		transaction.addEntry().setFullUrl(patientEntry).setResource(new Patient().setActive(true))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		transaction.addEntry().setResource(condition).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");
		Condition aboutTheEntry = new Condition();
		aboutTheEntry.getCode().setText("y");
		aboutTheEntry.setSubject(new Reference(patientEntry));
		transaction.addEntry().setResource(aboutTheEntry).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");

		Response alone = fhir.postResource("/fhir/Condition", condition);
		Response batched = fhir.postResource("/fhir", batch);
		Response inTransaction = fhir.postResource("/fhir", transaction);
		Response validated = fhir.postResource("/fhir/Condition/$validate", condition);

		assertThat(alone.status()).as(alone.body()).isEqualTo(400);
		Bundle.BundleEntryResponseComponent entry = batched.as(Bundle.class).getEntryFirstRep().getResponse();
		assertThat(entry.getStatus()).startsWith("400");
		for (OperationOutcome outcome : List.of(alone.as(OperationOutcome.class), (OperationOutcome) entry.getOutcome(),
				validated.as(OperationOutcome.class))) {
			assertThat(outcome.getIssue()).singleElement().satisfies(issue -> {
				assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
				assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
				assertThat(issue.getExpression()).extracting(e -> e.getValue()).containsExactly("Condition.subject");
				assertThat(issue.getDiagnostics()).contains("Patient/does-not-exist-63").doesNotContain("HAPI-");
			});
		}
		assertThat(inTransaction.status()).as(inTransaction.body()).isEqualTo(400);
		assertThat(inTransaction.as(OperationOutcome.class).getIssue()).singleElement().satisfies(issue -> {
			assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
			assertThat(issue.getExpression()).extracting(e -> e.getValue())
					.containsExactly("Bundle.entry[1].resource.ofType(Condition).subject");
		});
		// a deleted one, which HAPI refused as HAPI-1096 at no place (probe 73, P73-m2)
		String deleted = fhir.postResource("/fhir/Patient", new Patient().setActive(true)).header("Location")
				.replaceAll("/_history/.*$", "").replaceAll("^.*/fhir/", "");
		assertThat(fhir.delete("/fhir/" + deleted).status()).isLessThan(300);
		condition.setSubject(new Reference(deleted));
		Response aboutTheDeleted = fhir.postResource("/fhir/Condition", condition);
		assertThat(aboutTheDeleted.status()).as(aboutTheDeleted.body()).isEqualTo(400);
		assertThat(aboutTheDeleted.as(OperationOutcome.class).getIssue()).singleElement().satisfies(issue -> {
			assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.NOTFOUND);
			assertThat(issue.getExpression()).extracting(e -> e.getValue()).containsExactly("Condition.subject");
		});
	}

	/**
	 * In a transaction, an IGF-1 whose subject is the {@code urn:uuid:} placeholder of a Group entry: 422 at that entry's
	 * subject (the placeholder was not judged and the IGF-1 stored about the Group; probe 55, P55-m1); the same about a
	 * Patient entry is stored.
	 */
	@org.junit.jupiter.params.ParameterizedTest(name = "{0} -> {1}")
	@org.junit.jupiter.params.provider.CsvSource({"Group, 422", "Patient, 200"})
	public void igf1AboutAnotherEntryOfItsTransaction_isJudgedByThatEntrysType(String type, int status) {
		Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String placeholder = "urn:uuid:" + UUID.randomUUID();
		org.hl7.fhir.r4.model.Resource subject = type.equals("Group")
				? new org.hl7.fhir.r4.model.Group().setType(org.hl7.fhir.r4.model.Group.GroupType.PERSON).setActual(true)
				: new org.hl7.fhir.r4.model.Patient();
		transaction.addEntry().setFullUrl(placeholder).setResource(subject).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl(type);
		Observation igf1 = igf1(patientId());
		igf1.setSubject(new org.hl7.fhir.r4.model.Reference(placeholder));
		transaction.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(igf1).getRequest()
				.setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		Response answer = fhir.postResource("/fhir", transaction);

		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		if (status == 422) {
			assertThat(answer.as(OperationOutcome.class).getIssue()).anySatisfy(issue -> assertThat(issue.getExpression())
					.extracting(e -> e.getValue()).containsExactly("Bundle.entry[1].resource.ofType(Observation).subject"));
		}
	}

	/** An IGF-1 placed in time by nothing (no effective[x], no issued) is refused naming igf1-5. */
	@Test
	public void igf1WithNeitherEffectiveNorIssued_is422NamingIt() {
		Observation igf1 = igf1(patientId());
		igf1.setEffective(null);
		Response response = fhir.postResource("/fhir/Observation", igf1);
		assertThat(response.status()).isEqualTo(422);
		assertThat(response.body()).contains("igf1-5");
	}

	/**
	 * A cancer with no subject belongs to no patient, so no guidance could ever see it: R4 makes Condition.subject
	 * mandatory, and a Condition without it (posted, or patched to lose it) is refused naming it. Both were stored.
	 */
	@Test
	public void conditionWithoutItsMandatorySubject_is422NamingIt_alsoWhenAPatchRemovesIt() {
		org.hl7.fhir.r4.model.Condition cancer = new org.hl7.fhir.r4.model.Condition()
				.setCode(new org.hl7.fhir.r4.model.CodeableConcept(
						new org.hl7.fhir.r4.model.Coding("http://hl7.org/fhir/sid/icd-10-cm", "C50.911", null)));
		Response refused = fhir.postResource("/fhir/Condition", cancer);
		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		assertThat(refused.body()).contains("Condition.subject: minimum required = 1");

		cancer.setSubject(new org.hl7.fhir.r4.model.Reference("Patient/" + patientId()));
		Response created = fhir.postResource("/fhir/Condition", cancer);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String path = created.header("Location").replaceAll("^https?://[^/]+", "").replaceAll("/_history/.*$", "");
		Response patched = fhir.patch(path, "[{\"op\":\"remove\",\"path\":\"/subject\"}]", "application/json-patch+json");
		assertThat(patched.status()).as(patched.body()).isEqualTo(422);
		assertThat(fhir.get(path).as(org.hl7.fhir.r4.model.Condition.class).getSubject().getReference()).startsWith("Patient/");
	}

	@Test
	public void igf1WithoutDeclaredProfile_isStoredWithTheInferredProfile() {
		Response created = fhir.postResource("/fhir/Observation", igf1(patientId()));
		assertThat(created.status()).isEqualTo(201);
		Observation stored = fhir.get(created.header("Location").replaceAll("^https?://[^/]+", "").replaceAll("/_history/.*$", ""))
				.as(Observation.class);
		assertThat(stored.getMeta().getProfile()).extracting(p -> p.getValue()).containsExactly(ProfileInference.IGF1);
	}

	/**
	 * A peptide order without a declared profile is held to the peptide profile by inference. Its dose, given only as
	 * the volume to draw up (0.3 mL), is stored with the profile's gpmr-1 warning: the guidance compares only a dose in
	 * ug or mg, and an order without a dose was already stored. Refused with 422 before (probe 43, M7), while the same
	 * dose in a compounded product's order was stored.
	 */
	@Test
	public void peptideOrderWithoutDeclaredProfile_isHeldToThePeptideProfile_itsVolumeDoseWarned() throws Exception {
		String body = Files.readString(Path.of("examples/resources/MedicationRequest-gh-peptide-order-volume-dose.json"))
				.replace("Patient/example-adult-male", "Patient/" + patientId());
		org.hl7.fhir.r4.model.MedicationRequest order =
				FhirHttp.FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.MedicationRequest.class, body);
		order.setMeta(null);
		Response response = fhir.postResource("/fhir/MedicationRequest", order, "Prefer", "return=OperationOutcome");
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		assertThat(response.as(OperationOutcome.class).getIssue()).anySatisfy(issue -> {
			assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.WARNING);
			assertThat(issue.getDiagnostics()).contains("gpmr-1");
		});
	}

	@Test
	public void plainPatientAndCondition_areStoredAfterTheBaseChecksOnly() {
		String patientId = patientId();
		Condition condition = new Condition();
		condition.getCode().setText("Seasonal allergy");
		condition.setSubject(new Reference("Patient/" + patientId));
		assertThat(fhir.postResource("/fhir/Condition", condition).status()).isEqualTo(201);

		// base-spec invariants (pat-1) are the full validator's job, run only where a held profile applies
		Patient contactWithoutDetails = new Patient();
		contactWithoutDetails.addContact().setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.MALE);
		assertThat(fhir.postResource("/fhir/Patient", contactWithoutDetails).status()).isEqualTo(201);
	}

	@Test
	public void transactionWithOneInvalidEntry_is422AndStoresNothing() {
		String marker = UUID.randomUUID().toString();
		Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
		String patientUrn = "urn:uuid:" + UUID.randomUUID();
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(TEST_SYSTEM).setValue(marker);
		bundle.addEntry().setFullUrl(patientUrn).setResource(patient)
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
		bundle.addEntry().setResource(igf1(patientUrn))
				.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");
		Observation bad = igf1(patientUrn);
		bad.setValue(new Quantity().setValue(146).setUnit("mg/dL").setSystem("http://unitsofmeasure.org").setCode("mg/dL"));
		bundle.addEntry().setResource(bad).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Observation");

		Response response = fhir.postResource("/fhir", bundle);

		assertThat(response.status()).isEqualTo(422);
		assertThat(response.body()).contains("igf1-1");
		assertThat(fhir.get("/fhir/Patient?identifier=" + TEST_SYSTEM + "%7C" + marker).as(Bundle.class).getEntry()).isEmpty();
	}

	@Test
	public void updateOrPatchThatBreaksTheProfile_is422AndLeavesTheStoredVersion() {
		Response created = fhir.postResource("/fhir/Observation", igf1(patientId()));
		String path = created.header("Location").replaceAll("^https?://[^/]+", "").replaceAll("/_history/.*$", "");

		Response patched = fhir.patch(path,
				"[{\"op\":\"replace\",\"path\":\"/valueQuantity/code\",\"value\":\"mg\"}]", "application/json-patch+json");
		assertThat(patched.status()).isEqualTo(422);
		assertThat(patched.body()).contains("igf1-1");

		Observation current = fhir.get(path).as(Observation.class);
		current.setSubject(null);
		Response updated = fhir.put(path, current);
		assertThat(updated.status()).isEqualTo(422);
		assertThat(updated.body()).contains("Observation.subject: minimum required = 1");

		Observation stored = fhir.get(path).as(Observation.class);
		assertThat(stored.getMeta().getVersionId()).isEqualTo("1");
		assertThat(stored.getValueQuantity().getCode()).isEqualTo("ng/mL");
	}

	// ---- terminology operations ----

	@Test
	public void expand_listsTheSnomedRoutesOfOurFragment() {
		Response response = fhir.get("/fhir/ValueSet/$expand?url=" + PackageBuilder.CANONICAL + "/ValueSet/gh-peptide-routes");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.as(ValueSet.class).getExpansion().getContains())
				.extracting(c -> c.getCode())
				.containsExactlyInAnyOrder("34206005", "26643006");
	}

	/** The WHO ICD-10 categories of the diabetes and cardiac groups are listed by code, so both groups still expand. */
	@ParameterizedTest(name = "{0}")
	@CsvSource({"diabetes-conditions, E11, Type 2 diabetes mellitus", "cardiac-conditions, I50, Heart failure"})
	public void expand_ofAGroupWithIcd10Categories_listsThemWithTheirWhoTitles(String valueSet, String code, String title) {
		Response response = fhir.get("/fhir/ValueSet/$expand?url=" + PackageBuilder.CANONICAL + "/ValueSet/" + valueSet);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.as(ValueSet.class).getExpansion().getContains())
				.filteredOn(c -> "http://hl7.org/fhir/sid/icd-10".equals(c.getSystem()) && code.equals(c.getCode()))
				.singleElement().satisfies(c -> assertThat(c.getDisplay()).isEqualTo(title));
	}

	/**
	 * Every ValueSet of the package, expanded: either every code it enumerates (also through the ValueSets it includes)
	 * comes back with a display, or the server refuses the expansion with a 400 that says why (over HAPI's 1,000 codes,
	 * or a filter over a code system the server does not hold). Never a short list with 200. Before, HAPI left out every
	 * SNOMED CT code missing from the fragment CodeSystem: `vsac-major-surgical-procedure-pituitary` expanded to nothing,
	 * `cardiac-conditions` lacked all 322 of its SNOMED CT codes, and a 1,218-code set came back as its 477 ICD-10-CM codes.
	 */
	@Test
	public void expand_ofEveryValueSetOfThePackage_listsEveryEnumeratedCodeWithADisplay_orRefusesIt() throws Exception {
		java.util.Map<String, ValueSet> valueSets = new java.util.TreeMap<>();
		for (org.springframework.core.io.Resource file : new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
				.getResources("classpath:somaxis-package/terminology/ValueSet-*.json")) {
			try (java.io.InputStream in = file.getInputStream()) {
				ValueSet valueSet = FhirContext.forR4Cached().newJsonParser().parseResource(ValueSet.class, in);
				valueSets.put(valueSet.getUrl(), valueSet);
			}
		}
		assertThat(valueSets).hasSizeGreaterThan(30);
		for (ValueSet valueSet : valueSets.values()) {
			java.util.Map<String, String> enumerated = new java.util.TreeMap<>();
			boolean filtered = enumerated(valueSet, valueSets, enumerated);
			Response response = fhir.get("/fhir/ValueSet/$expand?url=" + valueSet.getUrl());
			if (response.status() == 400) {
				OperationOutcome.IssueType why = response.as(OperationOutcome.class).getIssueFirstRep().getCode();
				assertThat(filtered || enumerated.size() > 1000).as(valueSet.getUrl() + " refused: " + response.body()).isTrue();
				assertThat(why).as(valueSet.getUrl()).isIn(OperationOutcome.IssueType.TOOCOSTLY, OperationOutcome.IssueType.NOTSUPPORTED);
				continue;
			}
			assertThat(response.status()).as(valueSet.getUrl() + ": " + response.body()).isEqualTo(200);
			java.util.Map<String, String> listed = new java.util.HashMap<>();
			response.as(ValueSet.class).getExpansion().getContains()
					.forEach(c -> listed.put(c.getSystem() + "|" + c.getCode(), c.getDisplay()));
			assertThat(listed.keySet()).as(valueSet.getUrl()).containsAll(enumerated.keySet());
			valueSet.getCompose().getExclude().forEach(exclude -> exclude.getConcept().forEach(c ->
					assertThat(listed).as(valueSet.getUrl() + " excludes").doesNotContainKey(exclude.getSystem() + "|" + c.getCode())));
			enumerated.forEach((code, display) -> {
				if (display != null) {
					assertThat(listed.get(code)).as(valueSet.getUrl() + " " + code).isEqualTo(display);
				}
			});
		}
	}

	/**
	 * A pick list searching and paging an expansion: the filter keeps the codes whose display or code holds the text, the
	 * page is offset and count of what is left, and the total says how many the filter kept. Before, the filter was ignored
	 * (all 14 codes came back) and a count below the ValueSet's size was a 400 "too many codes". The same through a
	 * POSTed Parameters body.
	 */
	@Test
	public void expand_withFilterOffsetAndCount_pagesTheCodesTheFilterKeeps_inTheUrlOrABody() {
		String url = PackageBuilder.CANONICAL + "/ValueSet/gh-peptides";
		Response before = fhir.get("/fhir/ValueSet/$expand?url=" + url);
		Response all = fhir.get("/fhir/ValueSet/$expand?url=" + url + "&filter=EGRIFTA");
		assertThat(all.status()).as(all.body()).isEqualTo(200);
		ValueSet.ValueSetExpansionComponent kept = all.as(ValueSet.class).getExpansion();
		assertThat(kept.getContains()).hasSize(6).allSatisfy(c -> assertThat(c.getDisplay()).containsIgnoringCase("egrifta"));
		assertThat(kept.getTotal()).isEqualTo(6);

		Response page = fhir.get("/fhir/ValueSet/$expand?url=" + url + "&filter=egrifta&offset=2&count=3");
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		ValueSet.ValueSetExpansionComponent paged = page.as(ValueSet.class).getExpansion();
		assertThat(paged.getTotal()).isEqualTo(6);
		assertThat(paged.getOffset()).isEqualTo(2);
		assertThat(paged.getContains()).extracting(c -> c.getSystem() + "|" + c.getCode())
				.containsExactlyElementsOf(kept.getContains().subList(2, 5).stream().map(c -> c.getSystem() + "|" + c.getCode()).toList());

		Response none = fhir.get("/fhir/ValueSet/$expand?url=" + url + "&count=0");
		assertThat(none.status()).as(none.body()).isEqualTo(200);
		// the seven peptide codes, five RxNorm and two NDC tesamorelin products, three ATC codes
		assertThat(none.as(ValueSet.class).getExpansion().getTotal()).isEqualTo(17);
		assertThat(none.as(ValueSet.class).getExpansion().getContains()).isEmpty();

		Parameters body = new Parameters();
		body.addParameter("url", new org.hl7.fhir.r4.model.UriType(url));
		body.addParameter("filter", "egrifta");
		body.addParameter("offset", new org.hl7.fhir.r4.model.IntegerType(2));
		body.addParameter("count", new org.hl7.fhir.r4.model.IntegerType(3));
		Response posted = fhir.postResource("/fhir/ValueSet/$expand", body);
		assertThat(posted.status()).as(posted.body()).isEqualTo(200);
		assertThat(posted.as(ValueSet.class).getExpansion().getContains()).extracting(c -> c.getSystem() + "|" + c.getCode())
				.containsExactlyElementsOf(paged.getContains().stream().map(c -> c.getSystem() + "|" + c.getCode()).toList());

		Response again = fhir.get("/fhir/ValueSet/$expand?url=" + url);
		assertThat(expansionJson(again)).as("a page must not change HAPI's cached expansion").isEqualTo(expansionJson(before));

		Response postedWithUrlParameters = fhir.post("/fhir/ValueSet/$expand?filter=egrifta&offset=2&count=3",
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"url\",\"valueUri\":\"" + url + "\"}]}",
				"application/fhir+json");
		assertThat(postedWithUrlParameters.status()).as(postedWithUrlParameters.body()).isEqualTo(200);
		assertThat(postedWithUrlParameters.as(ValueSet.class).getExpansion().getContains()).extracting(c -> c.getSystem() + "|" + c.getCode())
				.containsExactlyElementsOf(paged.getContains().stream().map(c -> c.getSystem() + "|" + c.getCode()).toList());
		assertThat(fhir.get("/fhir/ValueSet/$expand?url=" + url + "&count=1&count=2").status()).isEqualTo(400);
		assertThat(fhir.get("/fhir/ValueSet/$expand?url=" + url + "&count=-1").status()).isEqualTo(400);
		// a body that is no ValueSet (HAPI cast it and answered 500)
		assertThat(fhir.postResource("/fhir/ValueSet/$expand", new org.hl7.fhir.r4.model.Basic()).status()).isEqualTo(400);
		assertThat(fhir.postResource("/fhir/ValueSet/$expand", new Parameters().addParameter(
				new Parameters.ParametersParameterComponent().setName("valueSet").setResource(new org.hl7.fhir.r4.model.Basic())))
				.status()).isEqualTo(400);
		assertThat(fhir.get("/fhir/ValueSet/$expand?url=" + url + "&offset=x").status()).isEqualTo(400);
	}

	/**
	 * A ValueSet given in the request (not stored) that lists SNOMED CT codes the server's fragment does not hold: each is
	 * in the expansion with the ValueSet's display, which also wins over the fragment's for a code it holds. Before, HAPI
	 * left out the codes it did not hold, with 200 and no word, and showed the fragment's display.
	 */
	@Test
	public void expand_ofAValueSetInTheRequest_listsEveryCodeItEnumerates_withItsOwnDisplays() {
		ValueSet adHoc = new ValueSet();
		adHoc.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
		ValueSet.ConceptSetComponent snomed = adHoc.getCompose().addInclude().setSystem("http://snomed.info/sct");
		snomed.addConcept().setCode("38341003").setDisplay("High blood pressure");
		snomed.addConcept().setCode("73211009").setDisplay("My diabetes display");
		snomed.addConcept().setCode("26643006");
		Response response = fhir.postResource("/fhir/ValueSet/$expand", new Parameters().addParameter(
				new Parameters.ParametersParameterComponent().setName("valueSet").setResource(adHoc)));

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.as(ValueSet.class).getExpansion().getContains())
				.extracting(c -> c.getCode() + " " + c.getDisplay())
				.containsExactlyInAnyOrder("38341003 High blood pressure", "73211009 My diabetes display", "26643006 Oral route");

		// what the ValueSet excludes stays out; a code it gives no display gets its code system's
		ValueSet excluding = new ValueSet();
		excluding.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
		ValueSet.ConceptSetComponent peptides = excluding.getCompose().addInclude().setSystem(ProfileInference.GH_PEPTIDES);
		peptides.addConcept().setCode("tesamorelin");
		excluding.getCompose().addInclude().setSystem("http://www.nlm.nih.gov/research/umls/rxnorm").addConcept().setCode("1044587");
		excluding.getCompose().addInclude().setSystem("http://snomed.info/sct").addConcept().setCode("38341003");
		excluding.getCompose().addExclude().setSystem("http://www.nlm.nih.gov/research/umls/rxnorm");
		excluding.getCompose().addExclude().setSystem("http://snomed.info/sct").addConcept().setCode("38341003");
		Response excluded = fhir.postResource("/fhir/ValueSet/$expand", new Parameters().addParameter(
				new Parameters.ParametersParameterComponent().setName("valueSet").setResource(excluding)));
		assertThat(excluded.status()).as(excluded.body()).isEqualTo(200);
		assertThat(excluded.as(ValueSet.class).getExpansion().getContains()).extracting(c -> c.getCode() + " " + c.getDisplay())
				.containsExactly("tesamorelin Tesamorelin");
	}

	/**
	 * $validate-code against a concept group answers what the guidance engine reads: a code its ICD-10 filter holds, a
	 * code held by its category, ICD-10-GM read as ICD-10, a SNOMED CT code in a POSTed codeableConcept. Before, HAPI
	 * answered false for every code of a group it could not expand, and for E11.9 in the diabetes group.
	 */
	@ParameterizedTest(name = "{0} {1}|{2} -> {3}")
	@CsvSource({
			"malignancy-conditions, http://hl7.org/fhir/sid/icd-10-cm, C50.911, true",
			"malignancy-conditions, http://hl7.org/fhir/sid/icd-10, C50.9, true",
			"malignancy-conditions, http://fhir.de/CodeSystem/bfarm/icd-10-gm, C61, true",
			"malignancy-conditions, http://hl7.org/fhir/sid/icd-10-cm, I10, false",
			"diabetes-conditions, http://hl7.org/fhir/sid/icd-10, E11.9, true",
			"malignancy-review-codes, http://hl7.org/fhir/sid/icd-10, D05.1, true",
			"gh-peptides, http://hl7.org/fhir/sid/ndc, 62064-0241-01, true",
			"gh-peptides, http://hl7.org/fhir/sid/ndc, 62064-241-XX, false",
			"gh-peptides, http://hl7.org/fhir/sid/ndc, 62064-241-, false",
			"gh-peptides, urn:oid:2.16.840.1.113883.6.88, 1044587, true",
			"pregnancy-status-pregnant, urn:oid:2.16.840.1.113883.6.96, 77386006, true",
			"gh-peptide-routes, http://snomed.info/sct, 34206005, true",
			"gh-peptide-routes, http://snomed.info/sct, 38341003, false"})
	public void validateCode_againstAConceptGroup_answersWhatTheGuidanceEngineReads(String valueSet, String system,
			String code, boolean member) {
		String url = PackageBuilder.CANONICAL + "/ValueSet/" + valueSet;
		Response response = fhir.get("/fhir/ValueSet/$validate-code?url=" + url + "&system=" + system + "&code=" + code);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(result(response)).as(response.body()).isEqualTo(member);

		Parameters asked = new Parameters();
		asked.addParameter("url", new org.hl7.fhir.r4.model.UriType(url));
		asked.addParameter("codeableConcept", new org.hl7.fhir.r4.model.CodeableConcept()
				.addCoding(new org.hl7.fhir.r4.model.Coding("https://ehr.example.org/codes", "4711", "Local"))
				.addCoding(new org.hl7.fhir.r4.model.Coding(system, code, null)));
		Response posted = fhir.postResource("/fhir/ValueSet/$validate-code", asked);
		assertThat(posted.status()).as(posted.body()).isEqualTo(200);
		assertThat(result(posted)).as(posted.body()).isEqualTo(member);
	}

	/**
	 * The same answer in the other forms FHIR allows: on the stored ValueSet ({@code ValueSet/[id]/$validate-code}),
	 * a {@code coding} in the URL, a POSTed body with the url in the URL. A repeated code is a 400.
	 */
	@Test
	public void validateCode_againstAConceptGroup_answersTheSameInEveryForm() {
		String url = PackageBuilder.CANONICAL + "/ValueSet/malignancy-conditions";
		String id = fhir.get("/fhir/ValueSet?url=" + url).as(org.hl7.fhir.r4.model.Bundle.class).getEntryFirstRep()
				.getResource().getIdElement().getIdPart();

		assertThat(result(fhir.get("/fhir/ValueSet/" + id + "/$validate-code?system=http://hl7.org/fhir/sid/icd-10&code=C50.9")))
				.isTrue();
		assertThat(result(fhir.get("/fhir/ValueSet/$validate-code?url=" + url + "&coding=http://hl7.org/fhir/sid/icd-10%7CC50.9")))
				.isTrue();
		Response posted = fhir.post("/fhir/ValueSet/$validate-code?url=" + url,
				"{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"coding\",\"valueCoding\":"
						+ "{\"system\":\"http://hl7.org/fhir/sid/icd-10\",\"code\":\"C50.9\"}}]}",
				"application/fhir+json");
		assertThat(result(posted)).as(posted.body()).isTrue();
		assertThat(fhir.get("/fhir/ValueSet/$validate-code?url=" + url + "&system=http://hl7.org/fhir/sid/icd-10-cm"
				+ "&code=C50.911&code=X99").status()).isEqualTo(400);
	}

	/**
	 * A version named in the request is HAPI's to answer: the engine's groups are not versioned, and the group's answer
	 * replaced HAPI's refusal of a version the server does not hold with true.
	 */
	@Test
	public void validateCode_namingAVersionTheServerDoesNotHold_isNotAMember() {
		String query = "/fhir/ValueSet/$validate-code?url=" + PackageBuilder.CANONICAL + "/ValueSet/gh-peptides&system="
				+ ProfileInference.GH_PEPTIDES + "&code=tesamorelin";

		assertThat(result(fhir.get(query))).isTrue();
		assertThat(result(fhir.get(query + "&valueSetVersion=9.9"))).isFalse();
		assertThat(result(fhir.get(query + "&systemVersion=9.9"))).isFalse();
		Parameters versionedCoding = new Parameters();
		versionedCoding.addParameter("url", new org.hl7.fhir.r4.model.UriType(PackageBuilder.CANONICAL + "/ValueSet/gh-peptides"));
		versionedCoding.addParameter("codeableConcept", new org.hl7.fhir.r4.model.CodeableConcept().addCoding(
				new org.hl7.fhir.r4.model.Coding(ProfileInference.GH_PEPTIDES, "tesamorelin", null).setVersion("9.9")));
		assertThat(result(fhir.postResource("/fhir/ValueSet/$validate-code", versionedCoding))).isFalse();
		// the version the server holds keeps the group's reading (an NDC package code read as its product)
		String version = ((ValueSet) fhir.get("/fhir/ValueSet?url=" + PackageBuilder.CANONICAL + "/ValueSet/gh-peptides")
				.as(org.hl7.fhir.r4.model.Bundle.class).getEntryFirstRep().getResource()).getVersion();
		assertThat(version).isNotBlank();
		assertThat(result(fhir.get("/fhir/ValueSet/$validate-code?url=" + PackageBuilder.CANONICAL
				+ "/ValueSet/gh-peptides&system=http://hl7.org/fhir/sid/ndc&code=62064-0241-01&valueSetVersion=" + version)))
				.isTrue();
	}

	/** $lookup of a code the system does not hold: HAPI's 404 said "Unable to find code[null] in system[null]". */
	@Test
	public void lookup_ofAnUnknownCode_namesTheCodeAndTheSystem() {
		String system = PackageBuilder.CANONICAL + "/CodeSystem/gh-peptides";
		Response byCode = fhir.get("/fhir/CodeSystem/$lookup?system=" + system + "&code=nope");
		Response byCoding = fhir.get("/fhir/CodeSystem/$lookup?coding=" + system + "%7Cnope");

		for (Response response : java.util.List.of(byCode, byCoding)) {
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.as(org.hl7.fhir.r4.model.OperationOutcome.class).getIssueFirstRep().getDiagnostics())
					.isEqualTo("Code 'nope' is not known in code system " + system);
		}
	}

	/** A code system concept without a display: $lookup leaves the display out instead of an empty parameter (inv-1). */
	@Test
	public void lookup_ofACodeWithoutADisplay_holdsNoParameterWithoutAValue() {
		Response response = fhir.get("/fhir/CodeSystem/$lookup?system=http://www.nlm.nih.gov/research/umls/rxnorm&code=1044587");

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		assertThat(response.as(Parameters.class).getParameter())
				.isNotEmpty()
				.allMatch(p -> p.hasValue() || p.hasResource() || p.hasPart());
	}

	/** The expansion's codes and displays as JSON (its identifier and timestamp differ between answers). */
	private static String expansionJson(Response response) {
		ValueSet.ValueSetExpansionComponent expansion = response.as(ValueSet.class).getExpansion();
		return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(new ValueSet().setExpansion(
				new ValueSet.ValueSetExpansionComponent().setContains(expansion.getContains())
						.setParameter(expansion.getParameter())));
	}

	/** The codes a ValueSet enumerates, with their displays, through the ValueSets it includes; true when it filters. */
	private static boolean enumerated(ValueSet valueSet, java.util.Map<String, ValueSet> all, java.util.Map<String, String> codes) {
		boolean filtered = false;
		// a ValueSet's own display of a code wins over the display an included ValueSet gives it
		for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			filtered |= include.hasFilter();
			include.getConcept().forEach(c -> codes.put(include.getSystem() + "|" + c.getCode(), c.getDisplay()));
		}
		for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
			for (org.hl7.fhir.r4.model.CanonicalType included : include.getValueSet()) {
				java.util.Map<String, String> nested = new java.util.TreeMap<>();
				filtered |= enumerated(all.get(included.getValue()), all, nested);
				nested.forEach(codes::putIfAbsent);
			}
		}
		// a code an exclude lists is not in the expansion (lactation-conditions leaves out O92.5)
		for (ValueSet.ConceptSetComponent exclude : valueSet.getCompose().getExclude()) {
			exclude.getConcept().forEach(c -> codes.remove(exclude.getSystem() + "|" + c.getCode()));
		}
		return filtered;
	}

	@Test
	public void validateCode_acceptsAPeptideOfTheValueSetAndRefusesOthers() {
		String query = "/fhir/ValueSet/$validate-code?url=" + PackageBuilder.CANONICAL + "/ValueSet/gh-peptides&system="
				+ ProfileInference.GH_PEPTIDES + "&code=";
		assertThat(result(fhir.get(query + "sermorelin"))).isTrue();
		assertThat(result(fhir.get(query + "bpc-157"))).isFalse();
		assertThat(result(fhir.get("/fhir/CodeSystem/$validate-code?url=http://snomed.info/sct&code=26643006"))).isTrue();
	}

	@Test
	public void lookup_givesTheDisplayOfLoincSnomedAndLocalCodes() {
		assertThat(display("/fhir/CodeSystem/$lookup?system=http://loinc.org&code=2484-4")).contains("Insulin-like growth factor");
		assertThat(display("/fhir/CodeSystem/$lookup?system=http://snomed.info/sct&code=34206005")).isEqualTo("Subcutaneous route");
		assertThat(display("/fhir/CodeSystem/$lookup?system=" + ProfileInference.GH_PEPTIDES + "&code=tesamorelin"))
				.isEqualTo("Tesamorelin");
	}

	@Test
	public void translate_mapsTesamorelinToRxNorm() {
		Response response = fhir.get("/fhir/ConceptMap/$translate?url=" + PackageBuilder.CANONICAL
				+ "/ConceptMap/gh-peptides-to-rxnorm-unii&system=" + ProfileInference.GH_PEPTIDES + "&code=tesamorelin");
		assertThat(response.status()).isEqualTo(200);
		Parameters parameters = response.as(Parameters.class);
		assertThat(((org.hl7.fhir.r4.model.BooleanType) parameters.getParameter("result").getValue()).booleanValue()).isTrue();
		assertThat(response.body()).contains(ProfileInference.RXNORM).contains("1044587");
	}

	// ---- helpers ----

	private static boolean result(Response response) {
		assertThat(response.status()).isEqualTo(200);
		return ((org.hl7.fhir.r4.model.BooleanType) response.as(Parameters.class).getParameter("result").getValue()).booleanValue();
	}

	private String display(String path) {
		Response response = fhir.get(path);
		assertThat(response.status()).isEqualTo(200);
		return response.as(Parameters.class).getParameter("display").getValue().primitiveValue();
	}

	private String patientId() {
		Patient patient = new Patient();
		patient.addName().setFamily("Conformance").addGiven("Test");
		Response created = fhir.postResource("/fhir/Patient", patient);
		assertThat(created.status()).isEqualTo(201);
		return created.header("Location").replaceAll("/_history/.*$", "").replaceAll("^.*/", "");
	}

	private static Observation igf1(String patient) {
		Observation igf1 = WriteValidation.sampleIgf1();
		igf1.addIdentifier().setSystem(TEST_SYSTEM).setValue(UUID.randomUUID().toString());
		igf1.setSubject(new Reference(patient.startsWith("urn:") ? patient : "Patient/" + patient));
		return igf1;
	}
}
