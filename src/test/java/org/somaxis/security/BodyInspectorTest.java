package org.somaxis.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BodyInspectorTest {
	private final BodyInspector inspector = new BodyInspector(1000, 100, 10_000);

	private BodyInspector.Rejection json(String body) {
		return inspector.inspect(body.getBytes(StandardCharsets.UTF_8), "application/fhir+json");
	}

	@ParameterizedTest
	@ValueSource(strings = {"1e999999999", "1E1001", "-2.5e-1001", "1e+99999999999999999999", "7e0000001001"})
	void numberWithAHugeExponent_isRejectedWithItsLocation(String number) {
		BodyInspector.Rejection rejection = json("{\"valueQuantity\":{\n\"value\":" + number + "}}");
		assertThat(rejection).isNotNull();
		assertThat(rejection.reason()).contains("exponent larger than 1000");
		assertThat(rejection.location()).isEqualTo("Line[2] Col[9]");
	}

	@ParameterizedTest
	@ValueSource(strings = {"1e1000", "1.5E-1000", "6.02e23", "0.000001", "12345678901234567890", "-3"})
	void ordinaryNumbers_areAccepted(String number) {
		assertThat(json("{\"value\":" + number + "}")).isNull();
	}

	@ParameterizedTest
	@CsvSource({"100, false", "101, true"})
	void nestingIsLimitedTo100Levels(int depth, boolean rejected) {
		String body = "[".repeat(depth) + "]".repeat(depth);
		assertThat(json(body) != null).isEqualTo(rejected);
	}

	@Test
	void malformedJson_isRejectedWithLineAndColumn() {
		BodyInspector.Rejection rejection = json("{\"a\":1,\n \"b\": }");
		assertThat(rejection.reason()).startsWith("Malformed JSON");
		assertThat(rejection.location()).startsWith("Line[2]");
	}

	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|', value = {
		"{\"a\":1, \"b\": }                           | MALFORMED",
		"{\"resourceType\":\"Patient\",\"gender\":\"male\",\"gender\":\"female\"} | MALFORMED",
		"{\"resourceType\":\"Condition\",\"clinicalStatus\":{\"coding\":[{\"code\":\"active\"}]},\"clinicalStatus\":{\"coding\":[{\"code\":\"resolved\"}]}} | MALFORMED",
		"{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":\"Patient\"}]} | MALFORMED",
		"{\"name\":\"a\\u0000b\"}                         | INVALID_TEXT",
		"{\"name\":\"\\ud800\"}                           | INVALID_TEXT",
		"{\"value\":1e5000}                             | TOO_COSTLY"
	})
	void eachRejection_saysWhatKindItIs_whateverItsWording(String body, BodyInspector.Rejection.Kind kind) {
		assertThat(json(body.strip()).kind()).isEqualTo(kind);
	}

	@Test
	void xmlDocumentTypeDeclaration_isNotSupported() {
		String xml = "<?xml version=\"1.0\"?><!DOCTYPE Patient><Patient xmlns=\"http://hl7.org/fhir\"/>";
		assertThat(inspector.inspect(xml.getBytes(StandardCharsets.UTF_8), "application/fhir+xml").kind())
				.isEqualTo(BodyInspector.Rejection.Kind.NOT_SUPPORTED);
	}

	@Test
	void xmlExponentInAValueAttribute_isRejected() {
		String xml = "<Observation xmlns=\"http://hl7.org/fhir\"><valueQuantity><value value=\"1e5000\"/></valueQuantity></Observation>";
		assertThat(inspector.inspect(xml.getBytes(StandardCharsets.UTF_8), "application/fhir+xml").reason())
				.contains("exponent");
	}

	/** Found by ParserRoundTripFuzzTest: Woodstox reports this from getText() as an unchecked WstxLazyException. */
	/**
	 * A body of white space alone is no document, as an empty one is none: it is the server's to say what it lacks. It
	 * was "Malformed XML" (probe 78, P78-m2), where a blank JSON body passed.
	 */
	@ParameterizedTest
	@ValueSource(strings = {"application/fhir+xml", "application/fhir+json", "application/xml-patch+xml"})
	void aBodyOfWhiteSpaceAlone_isNoMalformedDocument(String contentType) {
		assertThat(inspector.inspect(" \r\n\t ".getBytes(StandardCharsets.UTF_8), contentType)).isNull();
		assertThat(inspector.inspect("\uFEFF \n".getBytes(StandardCharsets.UTF_8), contentType)).isNull(); // after a BOM
	}

	@Test
	void xmlTextEndingInTheMiddleOfAUtf8Character_isRejectedAsMalformed() {
		byte[] start = "<Patient xmlns=\"http://hl7.org/fhir\">lu".getBytes(StandardCharsets.UTF_8);
		byte[] body = java.util.Arrays.copyOf(start, start.length + 2);
		body[start.length] = (byte) 0xF2; // the first byte of a 4-byte sequence, then no continuation byte
		body[start.length + 1] = '>';
		assertThat(inspector.inspect(body, "application/fhir+xml").reason()).startsWith("Malformed XML");
	}

	@Test
	void xmlDoctype_isRejected() {
		String xml = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><Patient xmlns=\"http://hl7.org/fhir\"/>";
		assertThat(inspector.inspect(xml.getBytes(StandardCharsets.UTF_8), "application/fhir+xml")).isNotNull();
	}

	@Test
	void xmlNestedTooDeep_isRejected() {
		String xml = "<Basic>" + "<a>".repeat(100) + "</a>".repeat(100) + "</Basic>";
		assertThat(inspector.inspect(xml.getBytes(StandardCharsets.UTF_8), "application/xml").reason())
				.contains("nested deeper than 100");
	}

	@Test
	void syntaxIsSniffedWhenTheContentTypeSaysNothing() {
		assertThat(inspector.inspect("  {\"a\": 1e5000}".getBytes(StandardCharsets.UTF_8), null)).isNotNull();
		assertThat(inspector.inspect("plain text".getBytes(StandardCharsets.UTF_8), "text/plain")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {"1e999999999", "00000000000000000000000000000000000000000000000000000000000000000001e5000", " 1E1001 "})
	void xmlAttributeHoldingAHugeExponent_isRejectedWhateverItsLength(String value) {
		String xml = "<Observation xmlns=\"http://hl7.org/fhir\"><valueQuantity><value value=\"" + value
				+ "\"/></valueQuantity></Observation>";
		assertThat(inspector.inspect(xml.getBytes(StandardCharsets.UTF_8), "application/fhir+xml").reason())
				.contains("exponent");
	}

	@ParameterizedTest
	@ValueSource(strings = {"1e999999999", "-2.5e-1001", "0000000000000000000000000000000000000000000000000000000000000000001e5000"})
	void jsonStringHoldingAHugeExponent_isRejected(String value) {
		assertThat(json("{\"valueQuantity\":{\"value\":\"" + value + "\"}}").reason()).contains("exponent");
	}

	@Test
	void jsonStringHoldingAThousandDigitNumber_isRejected() {
		assertThat(json("{\"value\":\"" + "9".repeat(1001) + "\"}").reason()).contains("longer than 1000");
	}

	@ParameterizedTest
	@ValueSource(strings = {"a\\ud800b", "\\udc00", "x\\ud83d"})
	void loneSurrogatesInJsonStrings_areRejected(String escaped) {
		assertThat(json("{\"text\":\"" + escaped + "\"}").reason()).contains("lone UTF-16 surrogate");
	}

	@Test
	void surrogatePairsAndOrdinaryStrings_areAccepted() {
		assertThat(json("{\"text\":\"\\ud83d\\ude00 ok\",\"code\":\"6.02e23\",\"id\":\"1e5\"}")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {"a\\u0000b", "\\u0007", "x\\u001f"})
	void controlCharactersInJsonStrings_areRejected(String escaped) {
		assertThat(json("{\"text\":\"" + escaped + "\"}").reason()).contains("control character");
	}

	@ParameterizedTest
	@ValueSource(strings = {"\"Observation\"", "1", "null", "true"})
	void aResourcePropertyHoldingAScalar_isRejected(String scalar) {
		assertThat(json("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":" + scalar + "}]}").reason())
				.contains("must hold a resource");
	}

	@ParameterizedTest
	@ValueSource(strings = {"\"\"", "\" \"", "null", "1", "{}", "[\"Patient\"]"})
	void aResourceTypeThatNamesNoType_isRejected_wherever(String value) {
		assertThat(json("{\"resourceType\":" + value + "}").reason()).contains("'resourceType' must name");
		assertThat(json("{\"resourceType\":\"Patient\",\"contained\":[{\"resourceType\":" + value + ",\"id\":\"a\"}]}")
				.kind()).isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(strings = {"\"extension\":[null]", "\"extension\":[5]", "\"modifierExtension\":[{\"url\":\"u\"},\"x\"]",
			"\"_birthDate\":{\"extension\":[true]}", "\"extension\":[[]]"})
	void anExtensionListHoldingAnythingButObjects_isRejected(String property) {
		assertThat(json("{\"resourceType\":\"Patient\"," + property + "}").kind())
				.isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
	}

	@Test
	void extensionsInsideExtensions_andListsInsideAnExtension_areAccepted() {
		assertThat(json("{\"resourceType\":\"Patient\",\"extension\":[{\"url\":\"a\",\"extension\":[{\"url\":\"b\","
				+ "\"valueString\":\"x\"}]},{\"url\":\"c\",\"valueCodeableConcept\":{\"coding\":[{\"code\":\"d\"}]}}],"
				+ "\"name\":[{\"given\":[\"e\",null],\"_given\":[null,{\"extension\":[{\"url\":\"f\"}]}]}]}")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {"\"<p>Jane</p>\"", "\"<div><p>a</div>\"", "\"   \"", "\"<!-- c --><div>a</div>\"",
			"\"a < b\"", "\"<b>x</b> and <i>y</i>\"", "{\"a\":1}", "{}", "[\"<div>a</div>\"]"})
	void aNarrativeTheParserCannotRead_isRejected_withWhereItIs(String div) {
		BodyInspector.Rejection rejection = json("{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":"
				+ "\"Patient\",\"contained\":[{\"resourceType\":\"Organization\",\n\"text\":{\"status\":\"generated\",\"div\":"
				+ div + "}}]}}]}");
		assertThat(rejection.kind()).isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
		assertThat(rejection.reason()).contains("/entry/0/resource/contained/0/text/div");
		assertThat(rejection.location()).startsWith("Line[2]");
	}

	@ParameterizedTest
	@ValueSource(strings = {"\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">Jane &amp; John</div>\"",
			"\"<div>no namespace</div>\"", "\"plain text\"", "\"\"", "null", "5"})
	void aNarrativeTheParserReads_orNamesItself_isAccepted(String div) {
		assertThat(json("{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":" + div + "},"
				+ "\"gender\":\"female\"}")).isNull();
	}

	@Test
	void aNarrativeIsInspectedLikeAnyString() {
		assertThat(json("{\"resourceType\":\"Patient\",\"text\":{\"div\":\"<div>a\\u0007</div>\"}}").reason())
				.contains("control character");
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"{\"op\":\"add\",\"path\":\"/extension\",\"value\":[null]}",
			"{\"op\":\"add\",\"path\":\"/extension/-\",\"value\":\"x\"}",
			"{\"op\":\"replace\",\"path\":\"/text/div\",\"value\":\"<p>x</p>\"}",
			"{\"op\":\"replace\",\"path\":\"/contained/0/resourceType\",\"value\":\" \"}",
			"{\"op\":\"add\",\"path\":\"/contained\",\"value\":\"Observation\"}"})
	void aJsonPatchValue_isInspectedAsThePropertyItsPathEndsIn(String operation) {
		BodyInspector.Rejection rejection = patch("[{\"op\":\"remove\",\"path\":\"/active\"}," + operation + "]");
		assertThat(rejection.kind()).isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
		assertThat(rejection.reason()).startsWith("JSON Patch operation 1 (path /");
	}

	@Test
	void aJsonPatchOfValuesTheParserReads_isAccepted() {
		assertThat(patch("[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"female\"},"
				+ "{\"op\":\"add\",\"path\":\"/extension/-\",\"value\":{\"url\":\"u\",\"valueString\":\"x\"}},"
				+ "{\"op\":\"add\",\"path\":\"/valueQuantity/value\",\"value\":1e400},"
				+ "{\"op\":\"add\",\"path\":\"/text\",\"value\":{\"status\":\"generated\",\"div\":\"<div>a</div>\"}},"
				+ "{\"op\":\"copy\",\"from\":\"/name/0\",\"path\":\"/name/-\"}]")).isNull();
		assertThat(json("[{\"op\":\"add\",\"path\":\"/extension\",\"value\":[null]}]")).isNull(); // not sent as a patch
	}

	private BodyInspector.Rejection patch(String body) {
		return inspector.inspect(body.getBytes(StandardCharsets.UTF_8), "application/json-patch+json");
	}

	@ParameterizedTest
	@ValueSource(strings = {"<resource/>", "<resource></resource>", "<resource> </resource>", "<resource>x</resource>"})
	void anXmlResourceElementHoldingNoResource_isRejected(String resource) {
		BodyInspector.Rejection rejection = inspector.inspect(("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"batch\"/><entry>"
				+ resource + "<request><method value=\"POST\"/><url value=\"Patient\"/></request></entry></Bundle>")
				.getBytes(StandardCharsets.UTF_8), "application/fhir+xml");
		assertThat(rejection.kind()).isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
		assertThat(rejection.reason()).contains("<resource> must hold a resource");
		assertThat(inspector.inspect("<Patient xmlns=\"http://hl7.org/fhir\"><contained/></Patient>".getBytes(StandardCharsets.UTF_8),
				"application/fhir+xml")).isNotNull();
	}

	/** HAPI's XML parser flattened or dropped these silently, as its JSON parser does (probe 64, P64-M4). */
	@ParameterizedTest(name = "{0}")
	@org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
			"dom-2 | <contained><Organization><id value=\"o1\"/></Organization></contained>",
			"dom-4 | <meta><versionId value=\"3\"/></meta>",
			"dom-4 | <meta><lastUpdated value=\"2024-01-01T00:00:00Z\"/></meta>",
			"dom-5 | <meta><security><code value=\"R\"/></security></meta>"})
	void anXmlContainedResourceBreakingDomainResourcesRules_isRejected(String rule, String inside) {
		String xml = "<Observation xmlns=\"http://hl7.org/fhir\"><contained><Practitioner><id value=\"p1\"/>" + inside
				+ "</Practitioner></contained><status value=\"final\"/></Observation>";

		BodyInspector.Rejection rejection = inspector.inspect(xml.getBytes(StandardCharsets.UTF_8), "application/fhir+xml");

		assertThat(rejection.kind()).isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
		assertThat(rejection.reason()).contains(rule);
	}

	@Test
	void anXmlResourceWithItsOwnMetaAndAContainedOneWithAProfile_isAccepted() {
		String xml = "<Observation xmlns=\"http://hl7.org/fhir\"><meta><versionId value=\"2\"/><security><code value=\"R\"/>"
				+ "</security></meta><contained><Practitioner><id value=\"p1\"/><meta><profile value=\"http://x.org/p\"/>"
				+ "</meta></Practitioner></contained><status value=\"final\"/></Observation>";

		assertThat(inspector.inspect(xml.getBytes(StandardCharsets.UTF_8), "application/fhir+xml")).isNull();
	}

	@Test
	void xmlElementsNamedResource_thatAreBackboneOrPrimitive_areAccepted() {
		String capability = "<CapabilityStatement xmlns=\"http://hl7.org/fhir\"><rest><resource><type value=\"Patient\"/></resource>"
				+ "</rest></CapabilityStatement>";
		String operation = "<OperationDefinition xmlns=\"http://hl7.org/fhir\"><resource value=\"Patient\"/></OperationDefinition>";
		for (String body : List.of(capability, operation)) {
			assertThat(inspector.inspect(body.getBytes(StandardCharsets.UTF_8), "application/fhir+xml")).isNull();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"\"extension\":[{\"url\":\"u\",\"valueString\":\"x\",\"valueBoolean\":true}]",
			"\"_gender\":{\"extension\":[{\"url\":\"u\",\"valueCode\":\"x\",\"_valueString\":{\"id\":\"a\"}}]}",
			"\"modifierExtension\":[{\"url\":\"u\",\"extension\":[{\"url\":\"v\",\"valueInteger\":1,\"valueDecimal\":1.5}]}]"})
	void anExtensionWithTwoValues_isRejected_inJson(String property) {
		assertThat(json("{\"resourceType\":\"Patient\"," + property + "}").reason()).contains("at most one value[x]");
	}

	@ParameterizedTest
	@ValueSource(strings = {"<valueString value=\"x\"/><valueBoolean value=\"true\"/>", "<valueString value=\"x\"/><valueString value=\"y\"/>"})
	void anExtensionWithTwoValues_isRejected_inXml(String values) {
		String patient = "<Patient xmlns=\"http://hl7.org/fhir\"><extension url=\"u\">" + values + "</extension></Patient>";
		assertThat(inspector.inspect(patient.getBytes(StandardCharsets.UTF_8), "application/fhir+xml").reason())
				.contains("at most one value[x]");
	}

	@Test
	void extensionsWithOneValueEach_andAValuesOwnParts_areAccepted() {
		assertThat(json("{\"resourceType\":\"Patient\",\"extension\":[{\"url\":\"a\",\"valueString\":\"x\",\"_valueString\":"
				+ "{\"extension\":[{\"url\":\"b\",\"valueCode\":\"y\"}]}},{\"url\":\"c\",\"valueBoolean\":true}],"
				+ "\"valueQuantity\":{\"value\":1},\"valueString\":\"not in an extension\"}")).isNull();
		String xml = "<Patient xmlns=\"http://hl7.org/fhir\"><extension url=\"a\"><extension url=\"b\"><valueCode value=\"y\"/>"
				+ "</extension><valueString value=\"x\"/></extension><extension url=\"c\"><valueBoolean value=\"true\"/></extension></Patient>";
		assertThat(inspector.inspect(xml.getBytes(StandardCharsets.UTF_8), "application/fhir+xml")).isNull();
	}

	@Test
	void anEmptyPropertyName_isRejected_wherever() {
		assertThat(json("{\"resourceType\":\"Observation\",\"code\":{\"\":6.02e23}}").reason()).contains("property name is empty");
		assertThat(json("{\"\":1}").kind()).isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"<extension/>",
			"<Bundle xmlns=\"http://hl7.org/fhir\"><entry><fullUrl value=\"urn:uuid:1\"/><resource><extension/></resource></entry></Bundle>",
			"<Patient xmlns=\"http://hl7.org/fhir\"><contained><extension url=\"u\"/></contained></Patient>",
			"<Parameters xmlns=\"http://hl7.org/fhir\"><parameter><part><resource><name value=\"y\"/></resource></part></parameter></Parameters>"})
	void anXmlElementThatIsNoResourceWhereAResourceBelongs_isRejected(String xml) {
		assertThat(inspector.inspect(xml.getBytes(StandardCharsets.UTF_8), "application/fhir+xml").reason())
				.contains("where a resource belongs");
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"<name><family>Doe</family></name>",
			"<birthDate>1970-01-01</birthDate>",
			"<birthDate value=\"1970-01-01\">1970</birthDate>",
			"<name><family><![CDATA[Doe]]></family></name>",
			"Doe<active value=\"true\"/>"})
	void textInAFhirXmlElement_isRejected_withoutRepeatingIt(String content) {
		BodyInspector.Rejection rejection = xml("<Patient xmlns=\"http://hl7.org/fhir\">" + content + "</Patient>");

		assertThat(rejection.kind()).isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
		assertThat(rejection.reason()).contains("holds text").contains("value attribute").doesNotContain("1970");
	}

	/**
	 * HAPI's parser reads an attribute by its local name alone: {@code <value x:value="+-1"/>} was stored as -1 past the
	 * decimal checks, and beside {@code value="2.5"} it replaced it (probe 76, P76-M1); so did {@code xsi:value}, and
	 * an element in XHTML's namespace outside the narrative was not checked (probe 77, P77-M1, M2). FHIR XML's attributes
	 * are in no namespace; xsi:schemaLocation, and attributes in the narrative's div, are left as they are.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"<valueQuantity><value x:value=\"+-1\"/></valueQuantity>                | true",
			"<valueQuantity><value value=\"2.5\" x:value=\"7\"/></valueQuantity>    | true",
			"<valueQuantity><value f:value=\".5\"/></valueQuantity>                 | true",
			"<extension x:url=\"http://e.org/a\"><valueString value=\"a\"/></extension> | true",
			"<valueQuantity><value value=\"2.5\" xsi:value=\"7\"/></valueQuantity>  | true",
			"<interpretation><text value=\"x\" xsi:type=\"string\"/></interpretation> | true",
			"<valueQuantity><value xmlns=\"http://www.w3.org/1999/xhtml\" value=\"2.5\" x:value=\"7\"/></valueQuantity> | true",
			"<valueQuantity><value value=\"2.5\"/></valueQuantity>                  | false",
			"<text><status value=\"generated\"/><div xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\"><p x:value=\"1\">a</p></div></text> | false"})
	void aNamespacedAttributeOfAFhirXmlElement_isRejected(String content, boolean rejected) {
		BodyInspector.Rejection rejection = xml("<Observation xmlns=\"http://hl7.org/fhir\" xmlns:x=\"urn:x\""
				+ " xmlns:f=\"http://hl7.org/fhir\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
				+ " xsi:schemaLocation=\"http://hl7.org/fhir observation.xsd\"><status value=\"final\"/>"
				+ "<code><text value=\"x\"/></code>" + content + "</Observation>");

		if (rejected) {
			assertThat(rejection.kind()).isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
			assertThat(rejection.reason()).contains("is in a namespace");
		} else {
			assertThat(rejection).isNull();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = {"<gender/>", "<gender id=\"g\"/>", "<gender url=\"male\"/>", "<name/>", "<name></name>", "<name>\n  </name>",
			"<name><!-- none --></name>", "<name><given value=\"Ann\"/><period/></name>"})
	void aFhirXmlElementWithNeitherValueNorChildren_isRejected(String element) {
		BodyInspector.Rejection rejection = xml("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/>" + element
				+ "</Patient>");

		assertThat(rejection.kind()).isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
		assertThat(rejection.reason()).contains("neither a value attribute nor child elements");
	}

	@ParameterizedTest
	@ValueSource(strings = {
			"<Patient xmlns=\"http://hl7.org/fhir\"/>",
			"<Patient xmlns=\"http://hl7.org/fhir\"><contained><Patient/></contained></Patient>",
			"<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/><div xmlns=\"http://www.w3.org/1999/xhtml\">"
					+ "<p>Ann <b>Doe</b></p><br/></div></text></Patient>",
			"<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/><div>Ann Doe<br/></div></text></Patient>",
			"<Patient xmlns=\"http://hl7.org/fhir\"><birthDate><extension url=\"http://hl7.org/fhir/StructureDefinition/"
					+ "data-absent-reason\"><valueCode value=\"unknown\"/></extension></birthDate></Patient>",
			"<Patient xmlns=\"http://hl7.org/fhir\"><extension url=\"http://hl7.org/fhir/us/core/StructureDefinition/us-core-race\">"
					+ "<extension url=\"text\"><valueString value=\"Asian\"/></extension></extension></Patient>",
			"<Patient xmlns=\"http://hl7.org/fhir\">\n  <!-- a comment -->\n  <active value=\"true\"/>\n</Patient>",
			"<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"collection\"/><entry><resource><Basic/></resource></entry></Bundle>"})
	void fhirXmlWhoseTextIsWhitespaceOrNarrative_andEveryElementHasAValueOrChildren_isAccepted(String body) {
		assertThat(xml(body)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {"<extension url=\"http://example.org/x\"/>", "<modifierExtension url=\"http://example.org/x\"></modifierExtension>",
			"<extension url=\"http://example.org/x\"><extension url=\"http://example.org/y\"/></extension>"})
	void anXmlExtensionWithNeitherValueNorExtensions_isRejected(String extension) {
		BodyInspector.Rejection rejection = xml("<Patient xmlns=\"http://hl7.org/fhir\">" + extension + "</Patient>");

		assertThat(rejection.kind()).isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
		assertThat(rejection.reason()).contains("ext-1");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource({"ISO-8859-1, ISO-8859-1", "windows-1252, windows-1252", "UTF-16, UTF-16"})
	void fhirXmlInAnotherEncodingThanUtf8_isRejectedAsNotUtf8(String declared, String charset) {
		byte[] body = ("<?xml version=\"1.0\" encoding=\"" + declared + "\"?><Patient xmlns=\"http://hl7.org/fhir\"><name>"
				+ "<family value=\"Jos\u00e9\"/></name></Patient>").getBytes(java.nio.charset.Charset.forName(charset));

		BodyInspector.Rejection rejection = inspector.inspect(body, "application/fhir+xml");

		assertThat(rejection.kind()).isEqualTo(BodyInspector.Rejection.Kind.NOT_UTF8);
		assertThat(inspector.inspect(body, "text/xml", false, false)).as("a Binary's own content").isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {"UTF-8", "utf-8", "UTF8"})
	void fhirXmlDeclaredUtf8_isAccepted(String declared) {
		String patient = "<Patient xmlns=\"http://hl7.org/fhir\"><name><family value=\"Jos\u00e9\"/></name></Patient>";

		assertThat(xml("<?xml version=\"1.0\" encoding=\"" + declared + "\"?>" + patient)).isNull();
	}

	/** ASCII bytes read the same under any of these: older senders declare ISO-8859-1 over plain ASCII. */
	@ParameterizedTest
	@ValueSource(strings = {"US-ASCII", "ASCII", "ISO-8859-1", "windows-1252", "ISO646-US"})
	void fhirXmlOfAsciiBytes_isAccepted_whateverAsciiCompatibleEncodingItDeclares(String declared) {
		assertThat(xml("<?xml version=\"1.0\" encoding=\"" + declared + "\"?><Patient xmlns=\"http://hl7.org/fhir\"><name>"
				+ "<family value=\"Jose\"/></name></Patient>")).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = {"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32BE"})
	void fhirJsonInUtf16Or32_isRejectedAsNotUtf8(String charset) {
		byte[] body = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Jos\u00e9\"}]}".getBytes(java.nio.charset.Charset.forName(charset));

		assertThat(inspector.inspect(body, "application/fhir+json").kind()).isEqualTo(BodyInspector.Rejection.Kind.NOT_UTF8);
	}

	/** HAPI's parser reads an element of any namespace, or of none, as FHIR's: so are they held to FHIR XML's rules. */
	@ParameterizedTest
	@ValueSource(strings = {
			"<Patient><name><family>Doe</family></name></Patient>",
			"<Patient><birthDate/></Patient>",
			"<Patient><extension url=\"u\"/></Patient>",
			"<Patient xmlns=\"http://hl7.org/fhir\"><name xmlns=\"urn:other\"><family>Doe</family></name></Patient>",
			"<Patient xmlns=\"http://hl7.org/fhir\"><x:gender xmlns:x=\"urn:example\"/></Patient>"})
	void textAndEmptyElements_ofAnyNamespaceOrNone_areRejected(String body) {
		assertThat(xml(body).kind()).isEqualTo(BodyInspector.Rejection.Kind.MALFORMED);
	}

	@Test
	void aBodyThatIsNotFhir_isNotHeldToFhirXmlsRules_whateverItsContentType() {
		byte[] fhirShaped = "<Patient xmlns=\"http://hl7.org/fhir\"><gender/><name><family>Doe</family></name></Patient>"
				.getBytes(StandardCharsets.UTF_8);

		assertThat(inspector.inspect(fhirShaped, "text/xml", false, false)).isNull();
		assertThat(inspector.inspect(fhirShaped, "text/xml", false, true)).isNotNull();
	}

	private BodyInspector.Rejection xml(String body) {
		return inspector.inspect(body.getBytes(StandardCharsets.UTF_8), "application/fhir+xml");
	}

	@Test
	void anXmlPatch_isNoResource_itsRootIsDiff() {
		String patch = "<diff xmlns:fhir=\"http://hl7.org/fhir\"><replace sel=\"/fhir:Patient/fhir:active/@value\">false</replace></diff>";
		assertThat(inspector.inspect(patch.getBytes(StandardCharsets.UTF_8), "application/xml-patch+xml")).isNull();
		assertThat(inspector.inspect(patch.getBytes(StandardCharsets.UTF_8), "application/fhir+xml")).isNotNull();
	}

	@Test
	void aBinarysOwnContent_isNotHeldToTheFhirShapes() {
		byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><resource/></svg>".getBytes(StandardCharsets.UTF_8);
		byte[] geo = "{\"type\":\"Feature\",\"properties\":{\"div\":\"<p>x</p>\",\"\":1}}".getBytes(StandardCharsets.UTF_8);
		assertThat(inspector.inspect(svg, "image/svg+xml")).isNull();
		assertThat(inspector.inspect(geo, "application/geo+json; charset=utf-8")).isNull();
		assertThat(inspector.inspect(geo, "application/fhir+json")).isNotNull();
	}

	@Test
	void anXmlPatchWhoseRootIsAResourceElement_isAnsweredNotThrown() {
		assertThat(inspector.inspect("<resource/>".getBytes(StandardCharsets.UTF_8), "application/xml-patch+xml")).isNotNull();
		assertThat(inspector.inspect("<diff><add sel=\"/x\"><resource><Patient/></resource></add></diff>".getBytes(StandardCharsets.UTF_8),
				"application/xml-patch+xml")).isNull();
	}

	@Test
	void aResourceTypeIsInspectedLikeAnyString() {
		assertThat(json("{\"resourceType\":\"Pat\\u0007ient\"}").reason()).contains("control character");
		assertThat(json("{\"resourceType\":\"Patient\",\"contained\":[{\"resourceType\":\"Medication\",\"id\":\"m\"}]}"))
				.isNull();
	}

	private static String jsonBundle(int entries) {
		StringBuilder body = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		for (int i = 0; i < entries; i++) {
			body.append(i == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Basic\",\"entry\":[1,2],"
					+ "\"contained\":[{\"resourceType\":\"Bundle\",\"entry\":[{},{}]}]},\"request\":{\"method\":\"POST\",\"url\":\"Basic\"}}");
		}
		return body.append("],\"meta\":{\"tag\":[{\"code\":\"x\"}]}}").toString();
	}

	private static String xmlBundle(int entries) {
		StringBuilder body = new StringBuilder("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"transaction\"/>");
		for (int i = 0; i < entries; i++) {
			body.append("<entry><resource><Bundle><entry><fullUrl value=\"a\"/></entry><entry><fullUrl value=\"b\"/></entry></Bundle>"
					+ "</resource></entry>");
		}
		return body.append("</Bundle>").toString();
	}

	private BodyInspector.Rejection posted(String body, String contentType) {
		return inspector.inspect(body.getBytes(StandardCharsets.UTF_8), contentType, true);
	}

	@Test
	void aTransactionOfTheLimit_isNotRefused_inJsonOrXml() {
		assertThat(posted(jsonBundle(10_000), "application/fhir+json")).isNull();
		assertThat(posted(xmlBundle(10_000), "application/fhir+xml")).isNull();
	}

	@Test
	void aTransactionOfOneEntryMore_isRefusedAsTooManyEntries_countingOnlyTopLevelEntries() {
		for (BodyInspector.Rejection rejection : new BodyInspector.Rejection[] {
			posted(jsonBundle(10_001), "application/fhir+json"), posted(xmlBundle(10_001), "application/fhir+xml")}) {
			assertThat(rejection).isNotNull();
			assertThat(rejection.kind()).isEqualTo(BodyInspector.Rejection.Kind.TOO_MANY_ENTRIES);
			assertThat(rejection.reason()).startsWith("The Bundle has 10001 entries; this server accepts at most 10000");
			assertThat(rejection.location()).isEqualTo("Bundle.entry");
		}
	}

	@Test
	void entriesAreCountedWhateverTheyHold_andWhereverTheArrayStands() {
		BodyInspector small = new BodyInspector(1000, 100, 2);
		String json = "{\"entry\":[1,\"x\",null,[],{}],\"resourceType\":\"Bundle\"}";
		assertThat(small.inspect(json.getBytes(StandardCharsets.UTF_8), null, true).reason()).startsWith("The Bundle has 5 entries");
		String xml = "<Bundle xmlns=\"http://hl7.org/fhir\"><entry><fullUrl value=\"a\"/></entry><id value=\"x\"/><entry><resource>"
				+ "<Basic/></resource></entry><entry><entry><fullUrl value=\"b\"/></entry></entry></Bundle>";
		assertThat(small.inspect(xml.getBytes(StandardCharsets.UTF_8), null, true).reason()).startsWith("The Bundle has 3 entries");
	}

	@Test
	void entriesAreNotCountedOutsideTheServerBase() {
		assertThat(inspector.inspect(jsonBundle(10_001).getBytes(StandardCharsets.UTF_8), "application/fhir+json")).isNull();
		assertThat(inspector.inspect(xmlBundle(10_001).getBytes(StandardCharsets.UTF_8), "application/fhir+xml")).isNull();
	}
}
