package io.msap.shared;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's error page for requests it refuses before the application sees them (a malformed request line, illegal
 * characters in the query): answered in the envelope instead of Tomcat's HTML page. Everything the application
 * handles goes through {@link ApiExceptionHandler} and never reaches this valve.
 */
public class EnvelopeErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String language = request.getHeader("Accept-Language");
        boolean english = language != null && language.trim().toLowerCase().startsWith("en");
        int code = status == 401 || status == 403 ? ApiResponse.AUTH_FAILED : ApiResponse.FAILED;
        String msg;
        if (status >= 500) {
            msg = english ? "Internal server error; try again later" : "服务器内部错误，请稍后重试";
        } else {
            msg = english
                    ? "Invalid request: it could not be read (percent-encode the query string)"
                    : "请求无效：无法解析该请求（查询参数需要 URL 编码）";
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"code\":" + code + ",\"data\":\"\",\"msg\":\"" + msg + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away; nothing left to tell it
        }
    }
}
