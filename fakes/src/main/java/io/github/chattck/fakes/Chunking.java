package io.github.chattck.fakes;

import io.github.chattck.core.internal.Checks;

import java.util.ArrayList;
import java.util.List;

/**
 * How a fake cuts a turn's text into stream chunks. Every strategy returns pieces that concatenate back to the
 * text exactly; none drops or adds characters.
 */
public final class Chunking {
    private enum Kind { WHOLE, CODE_POINTS, WORDS, FIXED, EXPLICIT }

    private static final Chunking WHOLE = new Chunking(Kind.WHOLE, 0, List.of());
    private static final Chunking CODE_POINTS = new Chunking(Kind.CODE_POINTS, 0, List.of());
    private static final Chunking WORDS = new Chunking(Kind.WORDS, 0, List.of());

    private final Kind kind;
    private final int size;
    private final List<String> pieces;

    private Chunking(Kind kind, int size, List<String> pieces) {
        this.kind = kind;
        this.size = size;
        this.pieces = pieces;
    }

    /**
     * The whole text as one chunk.
     *
     * @return the strategy
     */
    public static Chunking whole() {
        return WHOLE;
    }

    /**
     * One chunk per Unicode code point (a surrogate pair stays together), like LangChain's
     * {@code FakeListChatModel}.
     *
     * @return the strategy
     */
    public static Chunking perCodePoint() {
        return CODE_POINTS;
    }

    /**
     * Whitespace-preserving words, like LangChain's {@code GenericFakeChatModel}: the text is split around each
     * single whitespace character, which becomes a chunk of its own; two whitespace characters in a row leave an
     * empty chunk between them ({@code "hello  big"} gives {@code "hello", " ", "", " ", "big"}).
     *
     * @return the strategy
     */
    public static Chunking words() {
        return WORDS;
    }

    /**
     * Chunks of {@code size} code points (the last one may be shorter).
     *
     * @param size {@code >= 1}
     * @return the strategy
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public static Chunking fixedSize(int size) {
        Checks.argument(size >= 1, "chunk size must be >= 1 but was %d", size);
        return new Chunking(Kind.FIXED, size, List.of());
    }

    /**
     * Exactly these chunks, never re-split. They must concatenate to the turn's text (checked when the turn
     * is built).
     *
     * @param chunks the chunks, none null
     * @return the strategy
     */
    public static Chunking explicit(List<String> chunks) {
        List<String> copy = Checks.noNullElements(chunks, "chunks");
        Checks.argument(!copy.isEmpty(), "explicit chunks must not be empty; use whole() for one chunk");
        return new Chunking(Kind.EXPLICIT, 0, copy);
    }

    /**
     * Cuts a text.
     *
     * @param text the text
     * @return the pieces, concatenating to {@code text}
     * @throws IllegalArgumentException for explicit chunks that do not add up to {@code text}
     */
    public List<String> split(String text) {
        Checks.notNull(text, "text");
        switch (kind) {
            case WHOLE:
                return List.of(text);
            case CODE_POINTS:
                return byCodePoints(text, 1);
            case FIXED:
                return byCodePoints(text, size);
            case WORDS:
                return words(text);
            case EXPLICIT:
                String joined = String.join("", pieces);
                Checks.argument(joined.equals(text), "explicit chunks %s add up to \"%s\" but the turn's text is \"%s\"",
                        pieces, joined, text);
                return pieces;
            default:
                throw new AssertionError(kind);
        }
    }

    private static List<String> byCodePoints(String text, int n) {
        List<String> out = new ArrayList<>(text.length() / n + 1);
        int start = 0;
        while (start < text.length()) {
            int end = text.offsetByCodePoints(start, Math.min(n, text.codePointCount(start, text.length())));
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                out.add(text.substring(start, i));
                out.add(text.substring(i, next));
                start = next;
            }
            i = next;
        }
        out.add(text.substring(start));
        return out;
    }

    boolean isExplicit() {
        return kind == Kind.EXPLICIT;
    }

    @Override
    public String toString() {
        switch (kind) {
            case FIXED:
                return "fixedSize(" + size + ")";
            case EXPLICIT:
                return "explicit(" + pieces + ")";
            default:
                return kind.name().toLowerCase();
        }
    }
}
