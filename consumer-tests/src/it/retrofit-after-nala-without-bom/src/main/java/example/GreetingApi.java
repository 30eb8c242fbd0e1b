package example;

import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.GET;
import retrofit2.http.Path;

/** The greeting service's API, as a Retrofit interface. */
public interface GreetingApi {
    @GET("hello/{name}")
    Call<ResponseBody> hello(@Path("name") String name);
}
