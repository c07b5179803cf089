package io.vigo.swarm.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigo.swarm.api.ApiError;
import io.vigo.swarm.api.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty's own refusals (a request it cannot parse, headers too large, a method no route takes) in
 * the API's error shape, {@code {"message": ...}}, instead of Jetty's HTML page: whoever calls the
 * API reads one format, whichever layer refused.
 */
public final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean errorPageForMethod(String method) {
        return true; // every method gets the one-line answer, CONNECT and TRACE included
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
            int code, String message) throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json;charset=utf-8");
        response.getOutputStream().write(body(code, message));
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=utf-8");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static byte[] body(int status, String reason) {
        String message = "HTTP " + status + (reason == null || reason.isBlank() ? "" : ": " + reason);
        try {
            return Json.mapper().writeValueAsBytes(new ApiError(message));
        } catch (JsonProcessingException e) {
            return ("{\"message\":\"HTTP " + status + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }
}
