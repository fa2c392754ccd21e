package org.somaxis.settings;

import org.somaxis.guidance.knowledge.KnowledgeException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Spring Boot failure analyzers (registered in META-INF/spring.factories): a wrong setting or a knowledge file the
 * server cannot read stops the start with "APPLICATION FAILED TO START", a description naming the setting or the file
 * and field, and what to do, found wherever it sits in the chain of bean-creation exceptions. Before, the cause was the
 * last line of a stack trace some two hundred frames long. Spring logs the stack trace itself at DEBUG only.
 */
public final class StartupFailureAnalyzers {
	private StartupFailureAnalyzers() {}

	/** A {@link SettingException}: the setting, its problem and the action. */
	public static final class Setting extends AbstractFailureAnalyzer<SettingException> {
		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, SettingException cause) {
			return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
		}
	}

	/** A {@link KnowledgeException}: the knowledge or clinic terminology file and field, and the fix. */
	public static final class Knowledge extends AbstractFailureAnalyzer<KnowledgeException> {
		@Override
		protected FailureAnalysis analyze(Throwable rootFailure, KnowledgeException cause) {
			return new FailureAnalysis(cause.getMessage(),
					"Correct the file and field named above: a clinic terminology file in the folder set by"
							+ " somaxis.guidance.terminology-dir (docs/terminology.md), or, for knowledge/*.yaml, the"
							+ " knowledge data built into the server (rebuild it). Then start the server again.",
					cause);
		}
	}
}
