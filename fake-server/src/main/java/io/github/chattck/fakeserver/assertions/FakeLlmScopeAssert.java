package io.github.chattck.fakeserver.assertions;

import io.github.chattck.fakeserver.FakeLlmScope;
import io.github.chattck.fakeserver.RecordedRequest;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

import java.util.List;
import java.util.stream.Collectors;

/** AssertJ assertions on the journal of a {@link FakeLlmScope} (or a server's own scope). */
public final class FakeLlmScopeAssert extends AbstractAssert<FakeLlmScopeAssert, FakeLlmScope> {

    FakeLlmScopeAssert(FakeLlmScope actual) {
        super(actual, FakeLlmScopeAssert.class);
    }

    /**
     * Checks how many requests arrived.
     *
     * @param expected the count
     * @return this
     */
    public FakeLlmScopeAssert receivedRequests(int expected) {
        isNotNull();
        List<RecordedRequest> requests = actual.requests();
        if (requests.size() != expected) {
            failWithMessage("Expecting the fake server to have received %d request(s) but it received %d:%s", expected,
                    requests.size(), list(requests));
        }
        return this;
    }

    /**
     * Checks no request arrived.
     *
     * @return this
     */
    public FakeLlmScopeAssert receivedNoRequest() {
        return receivedRequests(0);
    }

    /**
     * Checks the server never had to refuse a request itself (an unparseable body, an unknown path, a script that
     * ran out): every request was answered by the script.
     *
     * @return this
     */
    public FakeLlmScopeAssert hasNoProblems() {
        isNotNull();
        List<RecordedRequest> refused = actual.requests().stream().filter(r -> r.problem() != null).collect(Collectors.toList());
        if (!refused.isEmpty()) {
            failWithMessage("Expecting every request to have been answered by the script but the fake server refused %d:%s",
                    refused.size(), list(refused));
        }
        return this;
    }

    /**
     * Assertions on the most recent request.
     *
     * @return the request's assertion
     */
    public RecordedRequestAssert lastRequest() {
        isNotNull();
        List<RecordedRequest> requests = actual.requests();
        if (requests.isEmpty()) {
            failWithMessage("Expecting the fake server to have received a request but it received none");
        }
        return new RecordedRequestAssert(requests.get(requests.size() - 1));
    }

    /**
     * Assertions on the request with this number.
     *
     * @param number from 1
     * @return the request's assertion
     */
    public RecordedRequestAssert request(int number) {
        isNotNull();
        List<RecordedRequest> requests = actual.requests();
        if (number < 1 || number > requests.size()) {
            failWithMessage("Expecting the fake server to have received a request #%d but it received %d:%s", number,
                    requests.size(), list(requests));
        }
        return new RecordedRequestAssert(requests.get(number - 1));
    }

    /**
     * Assertions on the list of requests.
     *
     * @return a list assertion
     */
    public ListAssert<RecordedRequest> requests() {
        isNotNull();
        return Assertions.assertThat(actual.requests()).as("requests of %s", actual);
    }

    static String list(List<RecordedRequest> requests) {
        return requests.stream().map(r -> "\n  " + r).collect(Collectors.joining());
    }
}
