package com.example.trips;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot app that plans trips with a Spring AI ChatClient. */
@SpringBootApplication
public class TripPlannerApplication {

    /**
     * Starts the app.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(TripPlannerApplication.class, args);
    }
}
