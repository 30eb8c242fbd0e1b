package dev.nala.mode.standalone.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@code -----BEGIN label-----} ... {@code -----END label-----} blocks of a PEM file (RFC
 * 7468). Text outside the blocks, such as the "subject=" lines some tools write into CA bundles,
 * is skipped. Hand-written because no PEM reader of the JDK or okhttp-tls gives each block's label
 * (which tells a certificate, a PKCS#8 key, an encrypted key and a legacy key apart) and its line.
 */
final class PemBlocks {

    /** One decoded block. */
    record Block(String label, byte[] der) {}

    /** The file is not well-formed PEM; the message says where. */
    static final class MalformedPemException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedPemException(String message) {
            super(message);
        }
    }

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    private PemBlocks() {}

    static List<Block> parse(byte[] file) throws MalformedPemException {
        String[] lines = new String(file, StandardCharsets.US_ASCII).split("\r?\n|\r", -1);
        List<Block> blocks = new ArrayList<>();
        String label = null;
        int beginLine = 0;
        StringBuilder base64 = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (label == null) {
                if (line.startsWith(BEGIN)
                        && line.endsWith(DASHES)
                        && line.length() > BEGIN.length() + DASHES.length()) {
                    label = line.substring(BEGIN.length(), line.length() - DASHES.length());
                    beginLine = i + 1;
                    base64.setLength(0);
                }
            } else if (line.startsWith(END)) {
                if (!line.equals(END + label + DASHES)) {
                    throw new MalformedPemException("line " + (i + 1) + ": \"" + line + "\" does not close the \""
                            + label + "\" block opened on line " + beginLine);
                }
                blocks.add(new Block(label, decode(base64, label, beginLine)));
                label = null;
            } else if (line.indexOf(':') >= 0) {
                // RFC 1421 headers (Proc-Type, DEK-Info) mark OpenSSL's legacy encrypted keys.
                throw new MalformedPemException("the \"" + label + "\" block on line " + beginLine
                        + " has headers (\"" + line.substring(0, line.indexOf(':'))
                        + "\"), which mark an OpenSSL legacy encrypted key; convert it to PKCS#8 with"
                        + " `openssl pkcs8 -topk8 -in <old> -out <new>`");
            } else {
                base64.append(line);
            }
        }
        if (label != null) {
            throw new MalformedPemException("the \"" + label + "\" block on line " + beginLine + " has no END line");
        }
        return blocks;
    }

    private static byte[] decode(StringBuilder base64, String label, int beginLine) throws MalformedPemException {
        try {
            byte[] der = Base64.getDecoder().decode(base64.toString());
            if (der.length == 0) {
                throw new MalformedPemException("the \"" + label + "\" block on line " + beginLine + " is empty");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw new MalformedPemException("the \"" + label + "\" block on line " + beginLine
                    + " is not valid base64 (" + e.getMessage() + ")");
        }
    }
}
