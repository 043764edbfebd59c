// Serves the Neo4j Browser guide of the query packs from the local Neo4j server.
//
// An unmanaged extension (JAX-RS), mounted by the server's configuration
//     server.unmanaged_extension_classes=kg.browser=/kg
// so that GET /kg/guide answers the HTML file named by the system property
// "kg.guide" (kg.server.start writes it, then passes -Dkg.guide=<file>).
// Neo4j Browser fetches it with `:guide http://127.0.0.1:<http-port>/kg/guide`.
// Nothing else is read: the path comes from the command line, not the request.

package kg.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.ws.rs.GET;
import javax.ws.rs.core.Response;

@javax.ws.rs.Path("/")
public final class KgGuide {
    @GET
    @javax.ws.rs.Path("guide")
    public Response guide() {
        String file = System.getProperty("kg.guide");
        if (file == null) {
            return Response.status(Response.Status.NOT_FOUND).type("text/plain").entity("no guide configured").build();
        }
        try {
            byte[] body = Files.readAllBytes(Path.of(file));
            return Response.ok(body, "text/html; charset=utf-8").header("Cache-Control", "no-store").build();
        } catch (IOException e) {
            return Response.status(Response.Status.NOT_FOUND).type("text/plain").entity("no guide at " + file).build();
        }
    }
}
