package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

class RequestGuardFilterTest {

	/** HAPI stores a Binary's body as it is unless its content type is strictly FHIR's; then the guard must not read it as FHIR. */
	@ParameterizedTest(name = "{0} {1} as {2}: {3}")
	@CsvSource({
		"POST, /fhir/Binary,          text/xml,                          true",
		"PUT,  /fhir/Binary/cda-1,    application/xml,                   true",
		"POST, /fhir/Binary,          application/json; charset=utf-8,   true",
		"POST, /fhir/Binary,          image/svg+xml,                     true",
		"POST, /fhir/Binary,          application/fhir+json,             false",
		"PUT,  /fhir/Binary/b-1,      application/fhir+xml;charset=UTF-8, false",
		"POST, /fhir/Patient,         application/json,                  false",
		"POST, /fhir/BinaryX,         text/xml,                          false",
		"POST, /fhir,                 application/json,                  false",
		"POST, /fhir/Binary/b-1/_history, text/xml,                      false",
		"POST, /fhir/Binary/,         text/xml,                          true",
		"POST, /fhir/Binary,          ,                                  true",
		"PATCH, /fhir/Binary/b-1,     application/json-patch+json,       false",
		"POST, /fhir/Binary/$validate, application/json,                 false",
		"POST, /fhir/Binary/_search,  application/x-www-form-urlencoded, false",
		"GET,  /fhir/Binary/b-1,      text/xml,                          false"
	})
	void aBinarysOwnContent_isToldFromFhir_byPathAndStrictContentType(String method, String path, String contentType,
			boolean binaryContent) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path);
		if (contentType != null) {
			request.setContentType(contentType);
		}

		assertThat(RequestGuardFilter.isBinaryContent(request)).isEqualTo(binaryContent);
	}

	/**
	 * A write of a resource without a body is told what it needs; an operation (which may take none, {@code $everything})
	 * or a search is left to its own handler.
	 */
	@ParameterizedTest(name = "{0} {1}: {2}")
	@CsvSource(delimiter = '#', value = {
		"POST  # /fhir/Patient                # a create or update needs the resource",
		"PUT   # /fhir/Patient/p-1            # a create or update needs the resource",
		"POST  # /fhir                        # a transaction or batch needs its Bundle",
		"POST  # /fhir/                       # a transaction or batch needs its Bundle",
		"PATCH # /fhir/Patient/p-1            # a patch needs its document (JSON Patch, XML Patch or a FHIRPath Patch's Parameters)",
		"POST  # /fhir/Patient/$everything    # ",
		"POST  # /fhir/Patient/p-1/$validate  # ",
		"POST  # /fhir/Patient/_search        # ",
		"POST  # /fhir/$evaluate              # ",
		"POST  # /cds-services/somaxis-order-sign # ",
		"PUT   # /fhir/Patient/p-1/_history/2 # ",
		"POST  # /fhir/Patient/p-1/%24everything # ",
		"POST  # /fhir/%24export              # ",
		"POST  # /fhir/metadata               # "
	})
	void aWriteWithoutABody_isToldWhatItNeeds(String method, String path, String needs) {
		assertThat(RequestGuardFilter.whatTheWriteNeeds(new MockHttpServletRequest(method, path))).isEqualTo(needs);
	}

	/** Media types match without regard to case (RFC 9110): HAPI refused Application/JSON-Patch+JSON as no patch type. */
	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '#', value = {
		"Application/JSON-Patch+JSON              # application/json-patch+json",
		"APPLICATION/XML-PATCH+XML; charset=UTF-8 # application/xml-patch+xml; charset=UTF-8",
		"application/fhir+json                    # application/fhir+json"
	})
	void aMediaType_isPassedOnInLowerCase_itsParametersAsSent(String sent, String passedOn) {
		assertThat(org.somaxis.fhir.MediaTypes.lowerCase(sent)).isEqualTo(passedOn);
	}

	/** HAPI answered an STU3-only Accept with R4 and 200; only a header that leaves no R4 choice is 406. */
	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '#', value = {
		"application/fhir+json; fhirVersion=3.0                                  # true",
		"application/fhir+xml;fhirVersion=\"1.0\", application/fhir+json;fhirVersion=3.0 # true",
		"application/fhir+json; fhirVersion=4.0                                  # false",
		"application/fhir+json; fhirVersion=4.0.1                                # false",
		"application/fhir+json; fhirVersion=3.0, application/fhir+json           # false",
		"application/fhir+json                                                   # false",
		"*/*                                                                     # false"
	})
	void anAcceptOfAnotherFhirVersionOnly_isTold(String accept, boolean another) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/fhir/Patient");
		request.addHeader("Accept", accept);

		assertThat(RequestGuardFilter.asksOnlyForAnotherFhirVersion(request)).isEqualTo(another);
	}

	/** HAPI stored a body labelled STU3 as R4 (probe 48, S-m8): a Content-Type of another fhirVersion is told. */
	@ParameterizedTest(name = "{0} {1}: {2}")
	@CsvSource(delimiter = '#', value = {
		"/fhir/Patient # application/fhir+json; fhirVersion=3.0   # true",
		"/fhir         # application/fhir+xml;fhirVersion=\"1.0\" # true",
		"/fhir/Patient # application/fhir+json; fhirVersion=4.0   # false",
		"/fhir/Patient # application/fhir+json; fhirVersion=4.0.1 # false",
		"/fhir/Patient # application/fhir+json                    # false",
		"/cds-services/x # application/json; fhirVersion=3.0      # false"
	})
	void aContentTypeOfAnotherFhirVersion_isTold(String path, String contentType, boolean another) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setContentType(contentType);

		assertThat(RequestGuardFilter.sendsAnotherFhirVersion(request)).isEqualTo(another);
	}

	/**
	 * HAPI answered an NDJSON-only Accept with XML labelled NDJSON, and a Turtle-only one in Turtle, which the
	 * CapabilityStatement does not list; a Bulk Data export file (a Binary) is NDJSON.
	 */
	@ParameterizedTest(name = "{0} {1}: {2}")
	@CsvSource(delimiter = '#', value = {
		"/fhir/Patient/1       # application/fhir+ndjson                   # true",
		"/fhir/Patient         # application/ndjson                        # true",
		"/fhir/Patient/1       # application/fhir+ndjson, application/json # false",
		"/fhir/Binary/export-1 # application/fhir+ndjson                   # false",
		"/fhir/Patient/1       # application/fhir+json                     # false",
		"/cds-services         # application/fhir+ndjson                   # false",
		"/fhir/Patient/1?_format=json # application/fhir+ndjson            # false",
		"/fhir/Patient/1       # text/turtle                               # true",
		"/fhir/Patient         # application/fhir+turtle, application/x-turtle # true",
		"/fhir/Patient/1       # text/turtle, application/fhir+xml          # false"
	})
	void anAcceptOfNdjsonOrTurtleOnly_isTold_outsideExportFiles_andWithoutFormat(String path, String accept,
			boolean ndjsonOnly) {
		MockHttpServletRequest request = get(path);
		request.addHeader("Accept", accept);

		assertThat(RequestGuardFilter.asksOnlyForAFormatNotWritten(request)).isEqualTo(ndjsonOnly);
	}

	/** _format=foo and html were answered in JSON, ndjson in XML labelled NDJSON, ttl in Turtle: 406, naming the value. */
	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '#', value = {
		"/fhir/Patient?_format=foo                      # foo",
		"/fhir/Patient?_count=1&_format=ttl              # ttl",
		"/fhir/Patient/1?_format=ndjson                  # ndjson",
		"/fhir/Patient/1?_format=html                    # html",
		"/fhir/Patient/1?_format=json&_format=text/turtle # text/turtle",
		"/fhir/Patient/1?_format=json                    # ",
		"/fhir/Patient/1?_format=XML                     # ",
		"/fhir/Patient/1?_format=application/fhir%2Bjson # ",
		"/fhir/Patient/1?_format=application/json%2Bfhir # ",
		"/fhir/metadata?_format=text/xml                 # ",
		"/fhir/Binary/export-1?_format=ndjson            # ",
		"/cds-services?_format=foo                       # "
	})
	void aFormatThatIsNeitherJsonNorXml_isNamed(String path, String named) {
		MockHttpServletRequest request = get(path);

		assertThat(RequestGuardFilter.formatNotWritten(request)).isEqualTo(named);
	}

	/** metadata?mode=terminology asks for a TerminologyCapabilities: HAPI answered with the CapabilityStatement. */
	@ParameterizedTest(name = "{0} {1}: {2}")
	@CsvSource(delimiter = '#', value = {
		"GET  # /fhir/metadata?mode=terminology # terminology",
		"GET  # /fhir/metadata?mode=foo         # foo",
		"GET  # /fhir/metadata/?mode=terminology # terminology",
		"GET  # /fhir/metadata?mode=full        # ",
		"GET  # /fhir/metadata?mode=normative   # ",
		"GET  # /fhir/metadata                  # ",
		"GET  # /fhir/Patient?mode=terminology  # "
	})
	void aMetadataModeOtherThanFullOrNormative_isNamed(String method, String path, String named) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, path.split("\\?")[0]);
		if (path.contains("?")) {
			request.setQueryString(path.split("\\?")[1]);
			request.addParameter(path.split("\\?")[1].split("=")[0], path.split("=")[1]);
		}

		assertThat(RequestGuardFilter.metadataModeNotServed(request)).isEqualTo(named);
	}

	/** HAPI ignored a history's other parameters: _type=Patient answered every type's versions, AuditEvents first. */
	@ParameterizedTest(name = "{0}: {1}")
	@CsvSource(delimiter = '#', value = {
		"/fhir/_history?_type=Patient                 # _type",
		"/fhir/Patient/_history?_sinse=2026-01-01     # _sinse",
		"/fhir/Patient/1/_history?foo=bar&_count=2    # foo",
		"/fhir/_history?_list=x                       # _list",
		"/fhir/_history?_count=5&_since=2026-01-01T00:00:00Z&_format=json&_pretty=true # ",
		"/fhir/Patient/1/_history?_summary=true&_elements=id&_offset=10 # ",
		"/fhir/_history/?_type=Patient                # _type",
		"/fhir/Observation/_history/?foo=1            # foo",
		"/fhir/Patient?foo=bar                        # ",
		"/fhir/Patient/_history                       # "
	})
	void aHistoryParameterThisServerDoesNotAnswer_isNamed(String path, String named) {
		MockHttpServletRequest request = get(path);

		assertThat(RequestGuardFilter.historyParameterNotSupported(request)).isEqualTo(named);
	}

	/** A GET of {@code path}, its query string (if any) set as the container gives it. */
	private static MockHttpServletRequest get(String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path.split("\\?")[0]);
		if (path.contains("?")) {
			request.setQueryString(path.split("\\?")[1]);
		}
		return request;
	}

	/** An Accept listing Turtle beside another range was answered in Turtle: the other range is served (P52-m5). */
	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '#', value = {
		"text/turtle, application/fhir+json;q=0.5 # application/fhir+json;q=0.5",
		"text/turtle, */*;q=0.1                   # */*;q=0.1",
		"application/fhir+xml                     # application/fhir+xml",
		"text/turtle                              # text/turtle"
	})
	void turtleBesideAnotherRange_isLeftOut(String accept, String served) {
		MockHttpServletRequest request = get("/fhir/Patient/1");
		request.addHeader("Accept", accept);

		assertThat(RequestGuardFilter.withoutTurtle(request).getHeader("Accept")).isEqualTo(served);
	}

	/** R4 reads a history with GET: HAPI answered POST, and read a form body's _type as nothing (probe 53, P53-m2). */
	@ParameterizedTest(name = "{0} {1}: {2}")
	@CsvSource({"POST, /fhir/_history, true", "POST, /fhir/Observation/_history/, true", "POST, /fhir/Patient/1/_history, true",
		"GET, /fhir/_history, false", "POST, /fhir/Patient/_search, false", "POST, /fhir, false"})
	void aPostToAHistory_isTold(String method, String path, boolean told) {
		assertThat(RequestGuardFilter.isHistoryPost(new MockHttpServletRequest(method, path))).isEqualTo(told);
	}
}
