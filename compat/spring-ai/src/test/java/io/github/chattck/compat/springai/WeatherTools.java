package io.github.chattck.compat.springai;

import org.springframework.ai.tool.annotation.Tool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The app's tool: Spring AI calls it when the model asks for it. */
final class WeatherTools {
    final List<String> cities = new CopyOnWriteArrayList<>();

    @Tool(name = "get_weather", description = "The current weather in a city")
    String getWeather(String city) {
        cities.add(city);
        return "sunny, 24C";
    }
}
