package io.github.chattck.fakeserver.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code String} or {@code java.net.URI} parameter of a test (or lifecycle) method to receive the base URL
 * of the test's fake-server scope: {@code void streams(@FakeLlmBaseUrl String baseUrl)}, or with the OpenAI version
 * path: {@code @FakeLlmBaseUrl(suffix = "/v1") String openAiBaseUrl}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface FakeLlmBaseUrl {
    /**
     * Appended to the scope's base URL, e.g. {@code /v1} for OpenAI clients.
     *
     * @return the suffix, empty by default
     */
    String suffix() default "";
}
