package com.example.travel;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The app's tool: the weather in a city (a lookup table stands in for a weather service). */
public class WeatherTools {
    private final List<String> asked = new CopyOnWriteArrayList<>();

    /**
     * The weather in a city.
     *
     * @param city the city
     * @return the forecast
     */
    @Tool("The current weather in a city")
    public String weather(@P("the city, e.g. Paris") String city) {
        asked.add(city);
        return "Paris".equalsIgnoreCase(city) ? "rain, 14 C" : "sunny, 22 C";
    }

    /**
     * The cities the model asked about, in order.
     *
     * @return the cities
     */
    public List<String> asked() {
        return List.copyOf(asked);
    }
}
