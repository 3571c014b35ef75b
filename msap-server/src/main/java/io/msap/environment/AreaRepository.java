package io.msap.environment;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

interface AreaRepository extends JpaRepository<Area, String> {
    Optional<Area> findByAreaCode(String areaCode);
}
