package org.somaxis.guidance.knowledge;

/** A knowledge file is missing or invalid. The message names the file and the field, e.g. "knowledge/rules.yaml: rules[3].severity: ...". */
public class KnowledgeException extends RuntimeException {
	public KnowledgeException(String message) {
		super(message);
	}

	public KnowledgeException(String message, Throwable cause) {
		super(message, cause);
	}
}
