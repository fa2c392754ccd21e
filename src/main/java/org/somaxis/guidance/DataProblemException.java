package org.somaxis.guidance;

/**
 * A problem with the patient's data (a value that cannot be read, converted or dated) that makes a resource unusable
 * for guidance. The only exception the record assembler and the engine turn into a message for the clinician
 * ({@link Guidance#messages()}); every other exception is a bug and is reported as such.
 */
public final class DataProblemException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public DataProblemException(String message) {
		super(message);
	}
}
