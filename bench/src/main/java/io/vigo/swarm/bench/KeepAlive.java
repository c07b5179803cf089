package io.vigo.swarm.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One keep-alive HTTP/1.1 connection written to and read from directly: the JDK's HttpClient
 * spent about a core on 1,600 requests/s here, more than the gateway or app it was measuring, so
 * the load generator would have been the figure. Reads what the harness needs of an answer (its
 * status and ETag) and skips its body, sized or chunked.
 */
final class KeepAlive implements AutoCloseable {

    /** What the harness keeps of an answer. */
    record Answer(int status, String etag) {
    }

    private final String host;
    private final int port;
    private Socket socket;
    private BufferedInputStream in;
    private OutputStream out;

    KeepAlive(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends one request and reads the whole answer; returns its status. */
    int exchange(byte[] request) throws IOException {
        return send(request).status();
    }

    /** Sends one request (its bytes, headers and all) and reads the whole answer. */
    Answer send(byte[] request) throws IOException {
        if (socket == null) {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        }
        try {
            out.write(request);
            out.flush();
            String status = line();
            long contentLength = 0;
            boolean chunked = false;
            String etag = null;
            for (String header = line(); !header.isEmpty(); header = line()) {
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    contentLength = Long.parseLong(header.substring(15).trim());
                } else if (header.regionMatches(true, 0, "Transfer-Encoding:", 0, 18)) {
                    chunked = header.substring(18).trim().equalsIgnoreCase("chunked");
                } else if (header.regionMatches(true, 0, "ETag:", 0, 5)) {
                    etag = header.substring(5).trim();
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().split(";")[0].trim(), 16); size > 0; size = Long.parseLong(line().split(";")[0].trim(), 16)) {
                    in.skipNBytes(size);
                    line(); // the CRLF after the chunk
                }
                while (!line().isEmpty()) {
                    // trailers, until the empty line
                }
            } else {
                in.skipNBytes(contentLength);
            }
            return new Answer(Integer.parseInt(status.substring(9, 12)), etag);
        } catch (IOException | RuntimeException e) {
            close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    @Override
    public void close() {
        try {
            if (socket != null) {
                socket.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        socket = null;
    }
}
